package dev.weft.dataplane.stats;

import org.HdrHistogram.Recorder;

/**
 * A distribution of durations in microseconds (1 µs to 1 hour, 2 significant digits), recorded
 * wait-free from any thread.
 */
public final class Histogram {
  private static final long MAX_MICROS = 3_600_000_000L;

  private final Recorder recorder = new Recorder(MAX_MICROS, 2);
  private final org.HdrHistogram.Histogram total = new org.HdrHistogram.Histogram(MAX_MICROS, 2);

  public void recordNanos(long nanos) {
    recorder.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1_000)));
  }

  /** Everything recorded so far. */
  public synchronized Snapshot snapshot() {
    total.add(recorder.getIntervalHistogram());
    return new Snapshot(
        total.getTotalCount(),
        total.getTotalCount() == 0 ? 0 : total.getMinValue(),
        total.getMaxValue(),
        total.getMean(),
        total.getValueAtPercentile(50),
        total.getValueAtPercentile(90),
        total.getValueAtPercentile(99),
        total.getValueAtPercentile(99.9));
  }

  /** A distribution's summary, in microseconds. */
  public record Snapshot(
      long count, long min, long max, double mean, long p50, long p90, long p99, long p999) {

    /** The value at {@code percentile} (50, 90, 99 or 99.9). */
    public long percentile(double percentile) {
      if (percentile == 50) {
        return p50;
      } else if (percentile == 90) {
        return p90;
      } else if (percentile == 99) {
        return p99;
      } else if (percentile == 99.9) {
        return p999;
      }
      throw new IllegalArgumentException("percentile " + percentile + " is not kept");
    }
  }
}
