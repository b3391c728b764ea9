package dev.weft.benchmarks.xds;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The changes of one round that streams must see: per changed service, the marker its new endpoint
 * list carries, when it was published, and how many subscribed streams still have to ACK it. Each
 * arrival records its delay in microseconds.
 */
final class Changes {
  private static final class Expected {
    final int marker;
    final long startNanos;
    final Histogram each;
    int left;

    Expected(int marker, long startNanos, Histogram each, int left) {
      this.marker = marker;
      this.startNanos = startNanos;
      this.each = each;
      this.left = left;
    }
  }

  private final Map<Integer, Expected> open = new HashMap<>();
  private long lastArrivalNanos;
  private long arrivals;
  private long missing;

  /**
   * Expects {@code subscribers} streams to see {@code marker} for {@code service}, from now; call
   * it right before the publish. Returns the start in {@link System#nanoTime()}.
   */
  synchronized long expect(int service, int marker, int subscribers, Histogram each) {
    long now = System.nanoTime();
    if (subscribers > 0) {
      open.put(service, new Expected(marker, now, each, subscribers));
    }
    return now;
  }

  /** A stream ACKed an EDS response in which {@code service} carries {@code marker}. */
  synchronized void arrived(int service, int marker, long atNanos) {
    Expected expected = open.get(service);
    if (expected == null || expected.marker != marker) {
      return;
    }
    expected.each.recordValue(Math.max(0, atNanos - expected.startNanos) / 1000);
    arrivals++;
    lastArrivalNanos = Math.max(lastArrivalNanos, atNanos);
    if (--expected.left == 0) {
      open.remove(service);
      if (open.isEmpty()) {
        notifyAll();
      }
    }
  }

  /**
   * Waits until every expected stream has seen its change, or {@code timeout}; the streams that did
   * not are counted as missing and forgotten. Returns the {@link System#nanoTime()} of the round's
   * last arrival.
   */
  synchronized long awaitAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!open.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        for (Expected expected : open.values()) {
          missing += expected.left;
        }
        open.clear();
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    long last = lastArrivalNanos;
    lastArrivalNanos = 0;
    return last;
  }

  /** Arrivals recorded so far, warm-up included. */
  synchronized long arrivals() {
    return arrivals;
  }

  /** Expected arrivals that did not come in time. */
  synchronized long missing() {
    return missing;
  }
}
