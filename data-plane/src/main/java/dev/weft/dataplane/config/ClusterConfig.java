package dev.weft.dataplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster: a named group of hosts, how to pick among them, and the limits that protect them.
 *
 * @param type a registered cluster type ({@code SIMPLE}, {@code STATIC}, later {@code EDS})
 * @param lbType a registered load balancer ({@code LB_ROUNDROBIN}, ...)
 * @param maxRequestsPerConnection close an upstream connection after this many requests; 0 = no
 *     limit
 * @param choiceCount how many hosts least-request compares (power of two choices: 2)
 */
public record ClusterConfig(
    String name,
    String type,
    String lbType,
    List<HostConfig> hosts,
    CircuitBreakers circuitBreakers,
    Duration connectTimeout,
    Optional<Duration> idleTimeout,
    int maxRequestsPerConnection,
    int choiceCount,
    Optional<LbSubsetConfig> subset) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  public ClusterConfig {
    hosts = List.copyOf(hosts);
  }

  /** A host: its address, relative weight (1..128) and string metadata. */
  public record HostConfig(
      HostPort address, String hostname, int weight, Map<String, String> metadata) {
    public HostConfig {
      metadata = Map.copyOf(metadata);
    }
  }

  /** Limits across the whole cluster; 0 means no limit, as in MOSN. */
  public record CircuitBreakers(
      int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries) {
    public static final CircuitBreakers UNLIMITED = new CircuitBreakers(0, 0, 0, 0);
  }

  /**
   * Subset load balancing by host metadata.
   *
   * @param selectors the key sets subsets are built from
   */
  public record LbSubsetConfig(
      FallbackPolicy fallbackPolicy,
      Map<String, String> defaultSubset,
      List<List<String>> selectors) {
    public LbSubsetConfig {
      defaultSubset = Map.copyOf(defaultSubset);
      selectors = selectors.stream().map(List::copyOf).toList();
    }
  }

  /** What to do when no host matches a request's metadata. */
  public enum FallbackPolicy {
    NO_FALLBACK,
    ANY_ENDPOINT,
    DEFAULT_SUBSET
  }
}
