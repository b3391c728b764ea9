package dev.weft.dataplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a route does with a request: forward it, redirect it, or answer it directly. */
public sealed interface RouteAction {

  /**
   * Forward to a cluster.
   *
   * @param timeout the whole request's timeout (MOSN's default: 60 s)
   * @param retry empty: MOSN's default, retrying connect failures only
   * @param hashPolicies for ring-hash and maglev balancing; the first that yields a key is used
   * @param metadataMatch subset load balancing: endpoint metadata the chosen host must have
   * @param upstreamProtocol the upstream codec for this route; empty = the listener's choice
   */
  record Forward(
      ClusterSpecifier cluster,
      Duration timeout,
      Optional<RetryPolicy> retry,
      List<HashPolicy> hashPolicies,
      Map<String, String> metadataMatch,
      Optional<String> prefixRewrite,
      Optional<String> hostRewrite,
      Optional<String> upstreamProtocol)
      implements RouteAction {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public Forward {
      hashPolicies = List.copyOf(hashPolicies);
      metadataMatch = Map.copyOf(metadataMatch);
    }
  }

  /** Answer with a redirect; empty parts keep the request's own. */
  record Redirect(
      int responseCode, Optional<String> scheme, Optional<String> host, Optional<String> path)
      implements RouteAction {}

  /** Answer with {@code status} and {@code body}. */
  record DirectResponse(int status, String body) implements RouteAction {}

  /** Which cluster a forwarded request goes to. */
  sealed interface ClusterSpecifier {}

  record NamedCluster(String name) implements ClusterSpecifier {}

  /** The cluster named by a request header. */
  record ClusterFromHeader(String header) implements ClusterSpecifier {}

  /** One of several clusters, picked in proportion to their weights (which need not total 100). */
  record WeightedClusters(List<WeightedCluster> clusters) implements ClusterSpecifier {
    public WeightedClusters {
      clusters = List.copyOf(clusters);
    }
  }

  record WeightedCluster(String name, int weight, Map<String, String> metadataMatch) {
    public WeightedCluster {
      metadataMatch = Map.copyOf(metadataMatch);
    }
  }

  /**
   * Retry a request.
   *
   * @param retryOnStatus retry on {@code statusCodes} (or any 5xx when empty), resets and per-try
   *     timeouts; connect failures are always retried
   * @param numRetries retries after the first try
   * @param perTryTimeout empty: each try may use the whole timeout
   */
  record RetryPolicy(
      boolean retryOnStatus,
      int numRetries,
      Optional<Duration> perTryTimeout,
      List<Integer> statusCodes) {
    public RetryPolicy {
      statusCodes = List.copyOf(statusCodes);
    }
  }

  /** Where a hash key for consistent hashing comes from. */
  sealed interface HashPolicy {}

  record HeaderHash(String header) implements HashPolicy {}

  record SourceIpHash() implements HashPolicy {}
}
