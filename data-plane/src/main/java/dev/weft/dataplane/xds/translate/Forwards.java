package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteAction.ClusterSpecifier;
import dev.weft.dataplane.config.RouteAction.HashPolicy;
import dev.weft.dataplane.config.RouteAction.RetryPolicy;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.config.route.v3.RouteAction.ClusterNotFoundResponseCode;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A route's {@code route} ({@code route.v3.RouteAction}) as Weft's forward action. */
final class Forwards {
  /** Envoy's route timeout when none is set; 0 turns it off. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private static final Set<String> ACTION =
      Set.of(
          "cluster",
          "cluster_header",
          "weighted_clusters",
          "cluster_not_found_response_code",
          "metadata_match",
          "prefix_rewrite",
          "host_rewrite_literal",
          "auto_host_rewrite",
          "timeout",
          "retry_policy",
          "priority",
          "hash_policy");
  private static final Map<String, String> ACTION_REASONS =
      Map.ofEntries(
          Map.entry("cluster_specifier_plugin", "cluster specifier plugins"),
          Map.entry("inline_cluster_specifier_plugin", "cluster specifier plugins"),
          Map.entry("regex_rewrite", "regex path rewrites"),
          Map.entry("path_rewrite_policy", "path rewrite extensions"),
          Map.entry("host_rewrite_header", "rewriting Host from a header"),
          Map.entry("host_rewrite_path_regex", "rewriting Host from the path"),
          Map.entry("append_x_forwarded_host", "x-forwarded-host"),
          Map.entry("idle_timeout", "stream idle timeouts"),
          Map.entry("early_data_policy", "TLS early data"),
          Map.entry("retry_policy_typed_config", "retry extensions"),
          Map.entry("request_mirror_policies", "request mirroring"),
          Map.entry("rate_limits", "rate limiting"),
          Map.entry("include_vh_rate_limits", "rate limiting"),
          Map.entry("cors", "CORS"),
          Map.entry("max_grpc_timeout", "gRPC timeouts"),
          Map.entry("grpc_timeout_offset", "gRPC timeouts"),
          Map.entry("upgrade_configs", "upgrades (WebSocket, CONNECT)"),
          Map.entry("internal_redirect_policy", "internal redirects"),
          Map.entry("internal_redirect_action", "internal redirects"),
          Map.entry("max_internal_redirects", "internal redirects"),
          Map.entry("hedge_policy", "request hedging"),
          Map.entry("max_stream_duration", "maximum stream durations"));
  private static final Set<String> WEIGHTED = Set.of("clusters", "total_weight");
  private static final Set<String> CLUSTER_WEIGHT = Set.of("name", "weight", "metadata_match");
  private static final Map<String, String> CLUSTER_WEIGHT_REASONS =
      Map.of(
          "request_headers_to_add", "header changes per weighted cluster",
          "request_headers_to_remove", "header changes per weighted cluster",
          "response_headers_to_add", "header changes per weighted cluster",
          "response_headers_to_remove", "header changes per weighted cluster",
          "typed_per_filter_config", "per-cluster filter settings",
          "host_rewrite_literal", "host rewrites per weighted cluster",
          "cluster_header", "weighted clusters named by a header");

  private Forwards() {}

  /**
   * The forward action; null after a problem.
   *
   * @param inheritedRetry the virtual host's retry policy, used when the route has none (Weft's
   *     default, connect failures only, when neither has one)
   * @param prefixMatch whether the route matches a path prefix ({@code prefix_rewrite} needs one)
   */
  static RouteAction.Forward forward(
      io.envoyproxy.envoy.config.route.v3.RouteAction action,
      Optional<RetryPolicy> inheritedRetry,
      boolean prefixMatch,
      String path,
      Problems problems) {
    int before = problems.size();
    Fields.only(action, path, problems, ACTION, ACTION_REASONS);
    ClusterSpecifier cluster = cluster(action, path, problems);
    if (action.getClusterNotFoundResponseCode()
        != ClusterNotFoundResponseCode.SERVICE_UNAVAILABLE) {
      problems.unsupported(
          Problems.at(path, "cluster_not_found_response_code"),
          action.getClusterNotFoundResponseCode()
              + "; Weft answers 503 when the cluster does not exist");
    }
    if (action.getPriority() != RoutingPriority.DEFAULT) {
      problems.unsupported(
          Problems.at(path, "priority"), "routing priority HIGH; Weft routes at DEFAULT");
    }
    if (action.hasAutoHostRewrite() && action.getAutoHostRewrite().getValue()) {
      problems.unsupported(
          Problems.at(path, "auto_host_rewrite"), "rewriting Host to the chosen upstream host");
    }
    Optional<String> prefixRewrite = Optional.empty();
    if (!action.getPrefixRewrite().isEmpty()) {
      if (!prefixMatch) {
        problems.unsupported(
            Problems.at(path, "prefix_rewrite"),
            "prefix_rewrite on a route that does not match a path prefix");
      }
      prefixRewrite = Optional.of(action.getPrefixRewrite());
    }
    Duration timeout = action.hasTimeout() ? Fields.duration(action.getTimeout()) : DEFAULT_TIMEOUT;
    Optional<RetryPolicy> retry =
        action.hasRetryPolicy()
            ? Retries.policy(action.getRetryPolicy(), Problems.at(path, "retry_policy"), problems)
            : inheritedRetry;
    List<HashPolicy> hashes = hashPolicies(action, path, problems);
    Map<String, String> metadata =
        Fields.metadata(
            action.getMetadataMatch(), "envoy.lb", Problems.at(path, "metadata_match"), problems);
    if (problems.size() != before) {
      return null;
    }
    return new RouteAction.Forward(
        cluster,
        timeout,
        retry,
        hashes,
        metadata,
        prefixRewrite,
        action.getHostRewriteLiteral().isEmpty()
            ? Optional.empty()
            : Optional.of(action.getHostRewriteLiteral()),
        Optional.empty());
  }

  private static ClusterSpecifier cluster(
      io.envoyproxy.envoy.config.route.v3.RouteAction action, String path, Problems problems) {
    switch (action.getClusterSpecifierCase()) {
      case CLUSTER:
        if (action.getCluster().isEmpty()) {
          problems.add(Problems.at(path, "cluster"), "must not be empty");
        }
        return new RouteAction.NamedCluster(action.getCluster());
      case CLUSTER_HEADER:
        if (action.getClusterHeader().isEmpty()) {
          problems.add(Problems.at(path, "cluster_header"), "must not be empty");
        }
        return new RouteAction.ClusterFromHeader(action.getClusterHeader());
      case WEIGHTED_CLUSTERS:
        return weighted(
            action.getWeightedClusters(), Problems.at(path, "weighted_clusters"), problems);
      case CLUSTERSPECIFIER_NOT_SET:
        problems.add(path, "expected one of cluster, cluster_header, weighted_clusters");
        return null;
      default:
        return null; // a plugin, refused by Fields.only
    }
  }

  /** {@code weighted_clusters}, Envoy's and Dubbo's: clusters picked in proportion to weight. */
  static RouteAction.WeightedClusters weighted(
      WeightedCluster weighted, String path, Problems problems) {
    Fields.only(weighted, path, problems, WEIGHTED, Map.of("runtime_key_prefix", "runtime"));
    List<RouteAction.WeightedCluster> clusters = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < weighted.getClustersCount(); i++) {
      WeightedCluster.ClusterWeight entry = weighted.getClusters(i);
      String at = Problems.at(path, "clusters", i);
      Fields.only(entry, at, problems, CLUSTER_WEIGHT, CLUSTER_WEIGHT_REASONS);
      if (entry.getName().isEmpty()) {
        problems.add(Problems.at(at, "name"), "must not be empty");
      }
      int weight =
          entry.hasWeight()
              ? (int) Math.min(Integer.toUnsignedLong(entry.getWeight().getValue()), 1_000_000)
              : 0;
      total += weight;
      Map<String, String> metadata =
          Fields.metadata(
              entry.getMetadataMatch(), "envoy.lb", Problems.at(at, "metadata_match"), problems);
      clusters.add(new RouteAction.WeightedCluster(entry.getName(), weight, metadata));
    }
    if (total == 0) {
      problems.add(Problems.at(path, "clusters"), "expected a cluster with a weight above 0");
    }
    return new RouteAction.WeightedClusters(clusters);
  }

  private static List<HashPolicy> hashPolicies(
      io.envoyproxy.envoy.config.route.v3.RouteAction action, String path, Problems problems) {
    List<HashPolicy> policies = new ArrayList<>();
    int count = action.getHashPolicyCount();
    for (int i = 0; i < count; i++) {
      var policy = action.getHashPolicy(i);
      String at = Problems.at(path, "hash_policy", i);
      Fields.only(
          policy,
          at,
          problems,
          Set.of("header", "connection_properties", "terminal"),
          Map.of(
              "cookie", "hashing on a cookie",
              "query_parameter", "hashing on a query parameter",
              "filter_state", "hashing on filter state"));
      if (!policy.getTerminal() && i < count - 1) {
        problems.unsupported(
            Problems.at(at, "terminal"),
            "combining hash policies; Weft hashes on the first policy that yields a key (set"
                + " terminal: true on every policy but the last)");
      }
      if (policy.hasHeader()) {
        Fields.only(policy.getHeader(), Problems.at(at, "header"), problems, Set.of("header_name"));
        policies.add(new RouteAction.HeaderHash(policy.getHeader().getHeaderName()));
      } else if (policy.hasConnectionProperties()) {
        if (!policy.getConnectionProperties().getSourceIp()) {
          problems.add(Problems.at(at, "connection_properties.source_ip"), "must be true");
        }
        policies.add(new RouteAction.SourceIpHash());
      }
    }
    return policies;
  }
}
