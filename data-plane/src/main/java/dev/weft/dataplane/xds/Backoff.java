package dev.weft.dataplane.xds;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Jittered exponential backoff between connection attempts: the base delay starts at {@code
 * initial}, doubles on each failure up to {@code max}, and each delay is the base times a random
 * factor in [0.5, 1.5), so that sidecars restarted together do not reconnect in step.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;
  private long baseNanos;

  Backoff(Duration initial, Duration max) {
    this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff: expected 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initial = initial;
    this.max = max;
    this.random = random;
    this.baseNanos = initial.toNanos();
  }

  /** The delay before the next attempt; each call doubles the base, up to the maximum. */
  Duration next() {
    long base = baseNanos;
    baseNanos = Math.min(max.toNanos(), base * 2);
    return Duration.ofNanos((long) (base * (0.5 + random.getAsDouble())));
  }

  /** After a stream that worked: the next failure waits about {@code initial} again. */
  void reset() {
    baseNanos = initial.toNanos();
  }
}
