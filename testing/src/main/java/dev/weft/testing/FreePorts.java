package dev.weft.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on a loopback address, for servers that must be told their port up front (etcd,
 * child processes). Servers that can bind port 0 and report it should do that instead.
 *
 * <p>A port is free when this method returns; another process may take it before the caller binds
 * it, so fixtures that start servers retry on "address in use".
 */
public final class FreePorts {
  private FreePorts() {}

  /** A free port on 127.0.0.1. */
  public static int loopback() {
    return on("127.0.0.1");
  }

  /** A free port on the given local address, for example {@code 127.0.0.2}. */
  public static int on(String host) {
    return distinct(host, 1)[0];
  }

  /** {@code count} different free ports on the given local address. */
  public static int[] distinct(String host, int count) {
    Set<Integer> seen = new HashSet<>();
    int[] ports = new int[count];
    ServerSocket[] held = new ServerSocket[count];
    try {
      for (int i = 0; i < count; i++) {
        // Holding every socket until all are chosen keeps the ports distinct.
        held[i] = new ServerSocket();
        held[i].setReuseAddress(true);
        held[i].bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        ports[i] = held[i].getLocalPort();
        if (!seen.add(ports[i])) {
          throw new IllegalStateException("the kernel handed out port " + ports[i] + " twice");
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    } finally {
      for (ServerSocket socket : held) {
        closeQuietly(socket);
      }
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing is lost: the port was only probed.
    }
  }
}
