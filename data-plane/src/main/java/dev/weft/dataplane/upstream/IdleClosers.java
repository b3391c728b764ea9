package dev.weft.dataplane.upstream;

import dev.weft.dataplane.protocol.ClientConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closes a pool's upstream connections that had no stream for a cluster's idle timeout (Envoy's
 * {@code common_http_protocol_options.idle_timeout}: the time since the last stream ended). One
 * timer per connection, re-armed only when it fires: a stream that ends just records the time, so a
 * busy connection costs a clock read per stream and no task or promise per write. Used on the
 * pool's event loop only.
 */
final class IdleClosers {
  private final EventLoop loop;
  private final Map<ClientConnection, Closer> closers = new IdentityHashMap<>();

  IdleClosers(EventLoop loop) {
    this.loop = loop;
  }

  /** Starts watching {@code connection}, which is idle from now. */
  void arm(ClientConnection connection, Duration timeout) {
    Closer closer = new Closer(connection, Math.max(1, timeout.toNanos()));
    closers.put(connection, closer);
    closer.schedule(closer.timeoutNanos);
  }

  /** A stream of {@code connection} ended: if none is left, it is idle from now. */
  void streamEnded(ClientConnection connection) {
    if (closers.isEmpty()) {
      return;
    }
    Closer closer = closers.get(connection);
    if (closer != null && connection.activeStreams() == 0) {
      closer.idleSince = System.nanoTime();
    }
  }

  /** {@code connection} closed: its timer goes. */
  void closed(ClientConnection connection) {
    Closer closer = closers.remove(connection);
    if (closer != null && closer.timer != null) {
      closer.timer.cancel(false);
    }
  }

  /** The timer of one connection. */
  private final class Closer implements Runnable {
    final ClientConnection connection;
    final long timeoutNanos;
    long idleSince = System.nanoTime();
    ScheduledFuture<?> timer;

    Closer(ClientConnection connection, long timeoutNanos) {
      this.connection = connection;
      this.timeoutNanos = timeoutNanos;
    }

    void schedule(long delayNanos) {
      timer = loop.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
      if (closers.get(connection) != this) {
        return;
      }
      if (connection.activeStreams() > 0) {
        // Busy: look again a timeout from now; by then its last stream may have ended.
        schedule(timeoutNanos);
        return;
      }
      long left = idleSince + timeoutNanos - System.nanoTime();
      if (left > 0) {
        schedule(left);
        return;
      }
      closers.remove(connection);
      connection.close();
    }
  }
}
