package dev.weft.controlplane.xds;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** The ADS server's counters, read by the admin API's Prometheus endpoint. */
public final class XdsStats {
  /** Histogram bucket bounds in seconds. */
  public static final double[] BUCKETS = {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10
  };

  private final LongAdder pushes = new LongAdder();
  private final LongAdder nacks = new LongAdder();
  private final LongAdder acks = new LongAdder();
  private final LongAdder invalid = new LongAdder();
  private final LongAdder refusedStreams = new LongAdder();
  private final Histogram passTime = new Histogram();
  private final Histogram convergence = new Histogram();

  void pushed() {
    pushes.increment();
  }

  void nacked() {
    nacks.increment();
  }

  void acked() {
    acks.increment();
  }

  void invalid() {
    invalid.increment();
  }

  void refused() {
    refusedStreams.increment();
  }

  void passTook(long nanos) {
    passTime.observe(nanos);
  }

  void converged(long nanos) {
    convergence.observe(nanos);
  }

  public long pushes() {
    return pushes.sum();
  }

  public long nacks() {
    return nacks.sum();
  }

  public long acks() {
    return acks.sum();
  }

  public long invalidResources() {
    return invalid.sum();
  }

  public long refusedStreams() {
    return refusedStreams.sum();
  }

  public Histogram passTime() {
    return passTime;
  }

  public Histogram convergence() {
    return convergence;
  }

  /** A cumulative histogram in {@link #BUCKETS}, plus count and sum. */
  public static final class Histogram {
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
    private final LongAdder sumNanos = new LongAdder();
    private final LongAdder count = new LongAdder();

    void observe(long nanos) {
      double seconds = nanos / 1e9;
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      counts.incrementAndGet(i);
      sumNanos.add(nanos);
      count.increment();
    }

    /** Observations at or below {@code BUCKETS[i]} ({@code i == BUCKETS.length}: all). */
    public long cumulative(int i) {
      long total = 0;
      for (int j = 0; j <= i; j++) {
        total += counts.get(j);
      }
      return total;
    }

    public long count() {
      return count.sum();
    }

    public double sumSeconds() {
      return sumNanos.sum() / 1e9;
    }
  }
}
