package dev.weft.cli.demo;

import dev.weft.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loopback ports for the demo's processes. One instance hands out every port of a run, never the
 * same one twice: each was free a moment ago, and none is held (the process it is for binds it).
 */
final class Ports {
  private final Set<Integer> given = new HashSet<>();

  /** {@code count} distinct ports, none given before by this instance. */
  synchronized int[] take(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; ) {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (given.add(socket.getLocalPort())) {
          ports[i++] = socket.getLocalPort();
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free loopback ports", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // It was only held to pick the port.
        }
      }
    }
  }

  /**
   * Fails when 127.0.0.1:{@code port} cannot be listened on.
   *
   * @param why why the demo needs that very port
   * @throws CliException (exit 2) naming the port, why and how to find what holds it
   */
  static void requireFree(int port, String why) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw CliException.usage(
          "127.0.0.1:"
              + port
              + " is in use ("
              + e.getMessage()
              + "): "
              + why
              + "; stop what holds it (ss -ltnp 'sport = :"
              + port
              + "') and run the demo again",
          e);
    }
  }
}
