package dev.weft.dataplane.proxy;

import dev.weft.dataplane.protocol.bolt.BoltWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Bolt "provider" on plain sockets for proxy tests: it answers each request with a response frame
 * carrying the request's content, a {@code provider} header with its name and the request's
 * version, switches and serializer (with a CRC when the request had one). Requests whose content
 * starts with {@code hold} wait for {@link #releaseHeld}; oneway requests get nothing. It can stay
 * silent to heartbeats, or drop its connection on every request. Everything it reads is recorded
 * per connection.
 */
final class BoltProvider implements AutoCloseable {
  private final String name;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<Held> held = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean answerHeartbeats = true;
  private volatile boolean killOnRequest;

  BoltProvider(String name) throws IOException {
    this.name = name;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  String name() {
    return name;
  }

  void answerHeartbeats(boolean answer) {
    this.answerHeartbeats = answer;
  }

  /** Drops the connection on every request it reads. */
  void killOnRequest(boolean kill) {
    this.killOnRequest = kill;
  }

  List<Connection> connections() {
    return connections;
  }

  /** Every frame read, on every connection. */
  List<BoltWire.Frame> frames() {
    List<BoltWire.Frame> all = new ArrayList<>();
    connections.forEach(c -> all.addAll(c.frames()));
    return all;
  }

  List<BoltWire.Frame> requests() {
    return frames().stream().filter(f -> !f.isHeartbeat()).toList();
  }

  long heartbeats() {
    return frames().stream().filter(BoltWire.Frame::isHeartbeat).count();
  }

  int heldCount() {
    return held.size();
  }

  /** Answers every held request. */
  void releaseHeld() {
    List<Held> now;
    synchronized (held) {
      now = new ArrayList<>(held);
      held.clear();
    }
    for (Held h : now) {
      h.connection.answer(h.request);
    }
  }

  /** Closes every connection, abandoning what they carry. */
  void killConnections() {
    connections.forEach(Connection::close);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Connection connection = new Connection(socket);
        connections.add(connection);
        threads.execute(connection::serve);
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    killConnections();
    threads.shutdownNow();
  }

  /** One connection from the sidecar. */
  final class Connection {
    private final Socket socket;
    private final List<BoltWire.Frame> frames = new CopyOnWriteArrayList<>();
    private final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    List<BoltWire.Frame> frames() {
      return frames;
    }

    boolean isClosed() {
      return socket.isClosed();
    }

    private void serve() {
      try (socket) {
        InputStream in = socket.getInputStream();
        while (true) {
          BoltWire.Frame frame = BoltWire.read(in);
          frames.add(frame);
          if (frame.isHeartbeat()) {
            if (answerHeartbeats) {
              write(BoltWire.response(frame).status(0).bytes());
            }
          } else if (killOnRequest) {
            return;
          } else if (frame.text().startsWith("hold")) {
            held.add(new Held(this, frame));
          } else if (frame.type() == BoltWire.TYPE_REQUEST) {
            answer(frame);
          }
        }
      } catch (IOException e) {
        // closed by either side
      }
    }

    void answer(BoltWire.Frame request) {
      try {
        write(
            BoltWire.response(request)
                .status(0)
                .className("java.lang.String")
                .header("provider", name)
                .content(request.content())
                .bytes());
      } catch (IOException e) {
        // the connection is gone
      }
    }

    private synchronized void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  private record Held(Connection connection, BoltWire.Frame request) {}
}
