package dev.weft.registry.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent checks that the local app is alive, since an app killed with {@code kill -9} never
 * unpublishes: every {@code interval} it opens (and closes) a TCP connection to 127.0.0.1 on the
 * app port of each protocol it publishes for. When the port has refused connections for {@code
 * grace}, the agent withdraws that protocol's publications from the registry; when the port answers
 * again, it publishes them again. An interval of zero turns the probe off.
 */
public record AppProbe(Duration interval, Duration grace) {
  /** Every 3 s; withdraw after 10 s without an answer. */
  public static final AppProbe DEFAULT =
      new AppProbe(Duration.ofSeconds(3), Duration.ofSeconds(10));

  /** No probing: publications stay until the app unpublishes or the session ends. */
  public static final AppProbe OFF = new AppProbe(Duration.ZERO, Duration.ZERO);

  /** The longest a probe waits for a connection. */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  public AppProbe {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(grace, "grace");
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "appProbe.interval: expected zero (off) or a positive duration, got " + interval);
    }
    if (!interval.isZero() && grace.compareTo(interval) < 0) {
      throw new IllegalArgumentException(
          "appProbe.grace: expected at least the interval " + interval + ", got " + grace);
    }
  }

  public boolean enabled() {
    return !interval.isZero();
  }

  /** How long one connection attempt may take: the interval, at most 1 s. */
  Duration connectTimeout() {
    return interval.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? interval : MAX_CONNECT_TIMEOUT;
  }
}
