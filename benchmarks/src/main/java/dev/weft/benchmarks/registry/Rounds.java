package dev.weft.benchmarks.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One measured change at a time: when it started, what receivers must see, and how many have seen
 * it. Each arrival records its delay in microseconds.
 */
final class Rounds {
  private final int receivers;
  private Object expected;
  private long startNanos;
  private int arrived;
  private Histogram each;

  Rounds(int receivers) {
    this.receivers = receivers;
  }

  /** Starts a round whose receivers must see {@code expected}; delays go into {@code each}. */
  synchronized void start(Object expected, Histogram each) {
    this.expected = expected;
    this.each = each;
    this.startNanos = System.nanoTime();
    this.arrived = 0;
  }

  synchronized void arrived(Object seen) {
    if (Objects.equals(seen, expected)) {
      each.recordValue((System.nanoTime() - startNanos) / 1000);
      if (++arrived == receivers) {
        notifyAll();
      }
    }
  }

  /** Microseconds from the start until the last receiver had it. */
  synchronized long awaitAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (arrived < receivers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(arrived + " of " + receivers + " saw " + expected);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return (System.nanoTime() - startNanos) / 1000;
  }
}
