package dev.weft.testing.process;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

/** A child JVM for the launcher's tests; each argument is one step. */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    ServerSocket listening = null;
    for (String step : args) {
      String[] parts = step.split("=", 2);
      switch (parts[0]) {
        case "say":
          System.out.println(parts[1]);
          break;
        case "err":
          System.err.println(parts[1]);
          break;
        case "listen":
          listening = new ServerSocket();
          listening.bind(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[1])));
          System.out.println("listening on " + listening.getLocalPort());
          break;
        case "exit":
          System.exit(Integer.parseInt(parts[1]));
          break;
        case "block":
          new CountDownLatch(1).await();
          break;
        default:
          throw new IllegalArgumentException("unknown step " + step);
      }
    }
    if (listening != null) {
      listening.close();
    }
  }
}
