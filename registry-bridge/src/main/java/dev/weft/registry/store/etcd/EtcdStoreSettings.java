package dev.weft.registry.store.etcd;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EtcdStore} uses etcd.
 *
 * @param rootPrefix every key of the store starts with it; it starts and ends with {@code /}
 * @param sessionTtl how long a session's publications outlive its last lease renewal; etcd leases
 *     have whole seconds and at least 2, so it is rounded up to that
 * @param requestTimeout how long one etcd request may take before the store tries again
 * @param watchCheckInterval how often a watch that heard nothing asks etcd for a progress
 *     notification; after three silent intervals it watches again
 */
public record EtcdStoreSettings(
    String rootPrefix, Duration sessionTtl, Duration requestTimeout, Duration watchCheckInterval) {
  public static final String DEFAULT_ROOT_PREFIX = "/weft/registry/v1/";
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_WATCH_CHECK_INTERVAL = Duration.ofSeconds(5);
  private static final long MIN_LEASE_SECONDS = 2;

  public EtcdStoreSettings {
    Objects.requireNonNull(rootPrefix, "rootPrefix");
    Objects.requireNonNull(sessionTtl, "sessionTtl");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(watchCheckInterval, "watchCheckInterval");
    if (!rootPrefix.startsWith("/") || !rootPrefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "etcd root prefix '"
              + rootPrefix
              + "' must start and end with '/', like "
              + DEFAULT_ROOT_PREFIX);
    }
    requirePositive("sessionTtl", sessionTtl);
    requirePositive("requestTimeout", requestTimeout);
    requirePositive("watchCheckInterval", watchCheckInterval);
  }

  /** The root {@value #DEFAULT_ROOT_PREFIX}, a 10 s TTL, 5 s requests, 5 s watch checks. */
  public static EtcdStoreSettings defaults() {
    return new EtcdStoreSettings(
        DEFAULT_ROOT_PREFIX,
        DEFAULT_SESSION_TTL,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_WATCH_CHECK_INTERVAL);
  }

  public EtcdStoreSettings withRootPrefix(String root) {
    return new EtcdStoreSettings(root, sessionTtl, requestTimeout, watchCheckInterval);
  }

  public EtcdStoreSettings withSessionTtl(Duration ttl) {
    return new EtcdStoreSettings(rootPrefix, ttl, requestTimeout, watchCheckInterval);
  }

  public EtcdStoreSettings withRequestTimeout(Duration timeout) {
    return new EtcdStoreSettings(rootPrefix, sessionTtl, timeout, watchCheckInterval);
  }

  public EtcdStoreSettings withWatchCheckInterval(Duration interval) {
    return new EtcdStoreSettings(rootPrefix, sessionTtl, requestTimeout, interval);
  }

  /** The lease TTL asked of etcd: {@code sessionTtl} rounded up to whole seconds, at least 2. */
  public long leaseTtlSeconds() {
    long seconds = (sessionTtl.toMillis() + 999) / 1000;
    return Math.max(MIN_LEASE_SECONDS, seconds);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
