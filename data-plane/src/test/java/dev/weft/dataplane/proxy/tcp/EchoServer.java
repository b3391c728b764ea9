package dev.weft.dataplane.proxy.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking TCP server on 127.0.0.1 for tests: optionally sends a greeting, then echoes every byte
 * until the peer half-closes, and half-closes back.
 */
final class EchoServer implements AutoCloseable {
  private final ServerSocket server;
  private final byte[] greeting;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Connections accepted. */
  final AtomicInteger accepted = new AtomicInteger();

  /** Connections whose peer closed or half-closed (the echo loop saw end of stream). */
  final AtomicInteger endsSeen = new AtomicInteger();

  EchoServer(String greeting) throws IOException {
    this.greeting = greeting == null ? new byte[0] : greeting.getBytes(StandardCharsets.UTF_8);
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::accept, "echo-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.incrementAndGet();
        sockets.add(socket);
        Thread echo = new Thread(() -> echo(socket), "echo-" + socket.getPort());
        echo.setDaemon(true);
        echo.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void echo(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      out.write(greeting);
      out.flush();
      byte[] buffer = new byte[32 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
      }
      endsSeen.incrementAndGet();
      socket.shutdownOutput();
      // Wait for the peer to close its side too before closing the socket.
      while (in.read(buffer) >= 0) {
        // Nothing more is expected after a half-close.
      }
    } catch (IOException e) {
      endsSeen.incrementAndGet();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
