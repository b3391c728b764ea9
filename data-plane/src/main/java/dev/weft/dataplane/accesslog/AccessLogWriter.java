package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.stats.Counter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the lines of every access log that shares one destination, off the event loops: lines go
 * into a bounded queue that one daemon thread drains in batches, one write and flush per batch.
 * When the queue is full (the disk or terminal cannot keep up) a line is dropped and counted in
 * {@code access_log_dropped}; an event loop never waits for the writer.
 */
final class AccessLogWriter implements AutoCloseable {
  static final int DEFAULT_CAPACITY = 16 * 1024;
  static final int MAX_BATCH = 512;
  private static final long CLOSE_WAIT_MILLIS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);

  private final String name;
  private final OutputStream out;
  private final boolean ownsStream;
  private final BlockingQueue<String> queue;
  private final Counter dropped;
  private final Thread thread;
  private volatile boolean closed;
  private boolean failing;

  /**
   * Starts the writer's thread.
   *
   * @param name the destination, for the thread name and messages
   * @param ownsStream whether {@link #close()} closes {@code out} (not for stdout and stderr)
   */
  AccessLogWriter(
      String name, OutputStream out, boolean ownsStream, int capacity, Counter dropped) {
    this.name = name;
    this.out = out;
    this.ownsStream = ownsStream;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropped = dropped;
    this.thread = new Thread(this::drain, "weft-accesslog-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  String name() {
    return name;
  }

  /** Queues one line (without its newline); never blocks. Returns false when it was dropped. */
  boolean write(String line) {
    if (closed || !queue.offer(line)) {
      dropped.inc();
      return false;
    }
    return true;
  }

  private void drain() {
    List<String> batch = new ArrayList<>(MAX_BATCH);
    StringBuilder text = new StringBuilder(MAX_BATCH * 160);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        // close(): write what is left, then stop.
        queue.drainTo(batch);
        writeBatch(batch, text);
        finish();
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      writeBatch(batch, text);
    }
  }

  private void writeBatch(List<String> batch, StringBuilder text) {
    if (batch.isEmpty()) {
      return;
    }
    for (String line : batch) {
      text.append(line).append('\n');
    }
    try {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      failing = false;
    } catch (IOException e) {
      dropped.add(batch.size());
      if (!failing) {
        log.warn("cannot write access log {}; dropping lines until it works again", name, e);
        failing = true;
      }
    }
    batch.clear();
    text.setLength(0);
  }

  private void finish() {
    try {
      if (ownsStream) {
        out.close();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      log.warn("cannot close access log {}", name, e);
    }
  }

  /**
   * Stops taking lines, writes those queued and closes the destination. Waits a few seconds at most
   * for the thread (a stuck destination does not hold up the sidecar's shutdown).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "AccessLogWriter[" + name + "]";
  }
}
