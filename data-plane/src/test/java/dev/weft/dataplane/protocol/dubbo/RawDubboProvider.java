package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.hessian.Hessian2Input;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Dubbo provider reduced to its socket, answering by method name:
 *
 * <ul>
 *   <li>any method: the value {@code "<name>|<first argument>"}; calls that arrive together are
 *       answered together in shuffled order, as a thread-pooled provider would;
 *   <li>{@code hold}: never answered; {@code die}: the connection is closed unanswered;
 *   <li>{@code readonly}: a readonly event on the connection first, then the usual answer;
 *   <li>one-way calls are recorded in {@link #oneways}; heartbeats are answered; bodies in another
 *       serialization are echoed back, opaque, with that serialization.
 * </ul>
 */
final class RawDubboProvider implements AutoCloseable {
  final String name;
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  final AtomicInteger events = new AtomicInteger();
  final Queue<String> oneways = new ConcurrentLinkedQueue<>();
  final Queue<Long> requestIds = new ConcurrentLinkedQueue<>();

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
  private final Random random = new Random(7);

  RawDubboProvider(String name) throws IOException {
    this.name = name;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        accepted.incrementAndGet();
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      List<RawFrame> pending = new ArrayList<>();
      for (RawFrame frame; (frame = RawFrame.read(in)) != null; ) {
        if (!handle(frame, socket, out, pending)) {
          return;
        }
        if (in.available() == 0) {
          answer(pending, out);
        }
      }
    } catch (IOException e) {
      // the sidecar closed the connection, or the test did
    } finally {
      closed.incrementAndGet();
    }
  }

  /** Handles one frame; false when the connection must end. */
  private boolean handle(RawFrame frame, Socket socket, OutputStream out, List<RawFrame> pending)
      throws IOException {
    if (frame.isEvent()) {
      events.incrementAndGet();
      if (frame.isRequest() && frame.isTwoWay()) {
        write(
            out, DubboTestFrames.frame(0x20 | frame.serialization(), 20, frame.id(), frame.body()));
      }
      return true;
    }
    requestIds.add(frame.id());
    if (frame.serialization() != DubboWire.HESSIAN2) {
      write(out, DubboTestFrames.frame(frame.serialization(), 20, frame.id(), frame.body()));
      return true;
    }
    String[] call = methodAndArgument(frame.body());
    if (!frame.isTwoWay()) {
      oneways.add(call[1]);
      return true;
    }
    switch (call[0]) {
      case "hold":
        return true;
      case "die":
        socket.close();
        return false;
      case "readonly":
        write(out, DubboTestFrames.frame(0xa2, 0, 0, new byte[] {0x01, 'R'}));
        pending.add(frame);
        return true;
      default:
        pending.add(frame);
        return true;
    }
  }

  private void answer(List<RawFrame> pending, OutputStream out) throws IOException {
    Collections.shuffle(pending, random);
    for (RawFrame request : pending) {
      String argument = methodAndArgument(request.body())[1];
      byte[] body = DubboTestFrames.valueResponseBody(name + "|" + argument);
      write(out, DubboTestFrames.frame(DubboTestFrames.RESPONSE_HESSIAN2, 20, request.id(), body));
    }
    pending.clear();
  }

  /** The method and the first (string) argument of a hessian2 call. */
  private static String[] methodAndArgument(byte[] body) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    DubboRequestBody.Leading leading = new DubboRequestBody(buf, 0, body.length).leading();
    Hessian2Input in = new Hessian2Input(buf, leading.argumentsStart(), body.length);
    return new String[] {leading.method(), in.readString()};
  }

  private static void write(OutputStream out, byte[] frame) throws IOException {
    synchronized (out) {
      out.write(frame);
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }
}
