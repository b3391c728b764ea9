package dev.weft.testing.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback to one target that can go silent, as a peer whose host vanished or whose
 * network dropped: after {@link #freeze()} it keeps every connection open and reads what either
 * side sends, but passes nothing on, and it accepts no new connection. Neither side gets a FIN or
 * an RST; only a keepalive finds out.
 */
public final class FreezableRelay implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;

  private FreezableRelay(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** A relay on a free loopback port to {@code target}. */
  public static FreezableRelay to(InetSocketAddress target) throws IOException {
    FreezableRelay relay =
        new FreezableRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
    Thread accepting = new Thread(relay::accept, "relay-accept");
    accepting.setDaemon(true);
    accepting.start();
    return relay;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on nothing passes, in either direction, and new connections are refused. */
  public void freeze() throws IOException {
    frozen = true;
    server.close();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        relay(server.accept());
      } catch (IOException closed) {
        // Frozen or closed: close() closes what was accepted.
      }
    }
  }

  private void relay(Socket downstream) throws IOException {
    sockets.add(downstream);
    try {
      Socket upstream = new Socket(target.getAddress(), target.getPort());
      sockets.add(upstream);
      pump(downstream, upstream);
      pump(upstream, downstream);
    } catch (IOException refused) {
      downstream.close(); // as the target did
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (!frozen) {
                    out.write(buffer, 0, n);
                  }
                }
                if (!frozen) {
                  to.shutdownOutput();
                }
              } catch (IOException closed) {
                // One side closed (or the relay did): the other pump sees it too.
              }
            },
            "relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
