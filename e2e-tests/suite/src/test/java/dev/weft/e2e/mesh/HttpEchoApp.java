package dev.weft.e2e.mesh;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An HTTP app in its own JVM, so a test can kill it: {@code HttpEchoApp <name> <port>} listens on
 * 127.0.0.1:port and answers every request with 200 and {@code "<name> <request URI>"}. It prints
 * {@code READY <name>} once it listens.
 */
public final class HttpEchoApp {
  private HttpEchoApp() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: HttpEchoApp <name> <port>");
      System.exit(2);
    }
    // The JDK's HttpServer writes headers and body apart; with Nagle on, each answer waits for a
    // delayed ACK (~40 ms) and the load would be a few dozen requests a second per thread.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    String name = args[0];
    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 128);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = (name + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("READY " + name);
  }
}
