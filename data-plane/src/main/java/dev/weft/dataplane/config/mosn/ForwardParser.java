package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteAction.ClusterSpecifier;
import dev.weft.dataplane.config.RouteAction.HashPolicy;
import dev.weft.dataplane.config.RouteAction.RetryPolicy;
import dev.weft.dataplane.config.RouteAction.WeightedCluster;
import dev.weft.dataplane.extension.UnknownNameException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A route's {@code route} block (MOSN's {@code RouterActionConfig}): where and how to forward. */
final class ForwardParser {
  private static final Set<String> KEYS =
      RouterParser.union(
          HeaderLists.KEYS,
          Set.of(
              "cluster_name",
              "cluster_header",
              "cluster_variable",
              "weighted_clusters",
              "metadata_match",
              "timeout",
              "retry_policy",
              "hash_policy",
              "upstream_protocol",
              "prefix_rewrite",
              "regex_rewrite",
              "host_rewrite",
              "auto_host_rewrite",
              "auto_host_rewrite_header"));
  private static final List<String> SPECIFIERS =
      List.of("cluster_name", "cluster_header", "weighted_clusters");

  /** MOSN retries at least this many times whatever {@code num_retries} says. */
  static final int MOSN_MIN_RETRIES = 3;

  private final LoadState state;

  ForwardParser(LoadState state) {
    this.state = state;
  }

  RouteAction.Forward parse(ConfigNode node) {
    state.checkKeys(node, KEYS, Map.of());
    LoadState.refuse(node, "cluster_variable", "choosing the cluster from a variable");
    LoadState.refuse(node, "regex_rewrite", "regex path rewrites");
    LoadState.refuse(node, "auto_host_rewrite", "rewriting Host to the chosen upstream host");
    LoadState.refuse(node, "auto_host_rewrite_header", "rewriting Host from a header");
    Duration timeout = node.optDuration("timeout").orElse(Duration.ZERO);
    return new RouteAction.Forward(
        cluster(node),
        timeout.isZero() ? RouteAction.Forward.DEFAULT_TIMEOUT : timeout,
        node.get("retry_policy").map(this::retry),
        hashPolicies(node),
        node.get("metadata_match").map(state::metadata).orElse(Map.of()),
        RouteParser.nonEmpty(node, "prefix_rewrite"),
        RouteParser.nonEmpty(node, "host_rewrite"),
        upstreamProtocol(node));
  }

  private ClusterSpecifier cluster(ConfigNode node) {
    List<String> set = new ArrayList<>();
    for (String key : SPECIFIERS) {
      if (node.get(key).filter(LoadState::isSet).isPresent()) {
        set.add(key);
      }
    }
    if (set.size() != 1) {
      throw node.error(
          set.isEmpty()
              ? "expected one of cluster_name, cluster_header, weighted_clusters"
              : "set only one of cluster_name, cluster_header, weighted_clusters; found " + set);
    }
    switch (set.get(0)) {
      case "cluster_name":
        String name = node.string("cluster_name");
        state.references.clusterReference(node.require("cluster_name"), name);
        return new RouteAction.NamedCluster(name);
      case "cluster_header":
        return new RouteAction.ClusterFromHeader(node.string("cluster_header"));
      default:
        return weighted(node.require("weighted_clusters"));
    }
  }

  /** {@code [{"cluster": {name, weight, metadata_match}}]}; weights need not total 100. */
  private ClusterSpecifier weighted(ConfigNode list) {
    List<WeightedCluster> clusters = new ArrayList<>();
    long total = 0;
    for (ConfigNode entry : list.elements()) {
      state.checkKeys(entry, Set.of("cluster"), Map.of());
      ConfigNode cluster = entry.require("cluster");
      state.checkKeys(cluster, Set.of("name", "weight", "metadata_match"), Map.of());
      String name = cluster.nonEmptyString("name");
      state.references.clusterReference(cluster.require("name"), name);
      int weight = cluster.integer("weight", 0, 0, 1_000_000);
      total += weight;
      Map<String, String> metadata =
          cluster.get("metadata_match").map(state::metadata).orElse(Map.of());
      clusters.add(new WeightedCluster(name, weight, metadata));
    }
    if (total == 0) {
      throw list.error("expected at least one cluster with a weight above 0");
    }
    return new RouteAction.WeightedClusters(clusters);
  }

  /**
   * MOSN's retry policy: {@code retry_on} is a boolean, {@code retry_timeout} is per try, and the
   * budget is never below three retries.
   */
  private RetryPolicy retry(ConfigNode node) {
    state.checkKeys(
        node, Set.of("retry_on", "retry_timeout", "num_retries", "status_codes"), Map.of());
    Optional<ConfigNode> retryOn = node.get("retry_on");
    if (retryOn.isPresent() && retryOn.get().isString()) {
      throw retryOn
          .get()
          .error(
              "expected true or false (MOSN's retry_on is a boolean), got "
                  + retryOn.get().describe());
    }
    int numRetries = node.integer("num_retries", 0, 0, 100);
    List<Integer> codes = new ArrayList<>();
    for (ConfigNode code : node.array("status_codes")) {
      codes.add((int) code.asLong(100, 599));
    }
    return new RetryPolicy(
        node.bool("retry_on", false),
        Math.max(MOSN_MIN_RETRIES, numRetries),
        node.optDuration("retry_timeout").filter(d -> !d.isZero()),
        codes);
  }

  private List<HashPolicy> hashPolicies(ConfigNode node) {
    List<HashPolicy> policies = new ArrayList<>();
    for (ConfigNode entry : node.array("hash_policy")) {
      state.checkKeys(entry, Set.of("header", "cookie", "source_ip"), Map.of());
      if (entry.has("cookie")) {
        throw entry.error("cookie", "not supported by Weft: hashing on a cookie");
      }
      if (entry.has("header")) {
        ConfigNode header = entry.require("header");
        state.checkKeys(header, Set.of("key"), Map.of());
        policies.add(new RouteAction.HeaderHash(header.nonEmptyString("key")));
      } else if (entry.has("source_ip")) {
        policies.add(new RouteAction.SourceIpHash());
      } else {
        throw entry.error("expected one of header, source_ip");
      }
    }
    return policies;
  }

  private Optional<String> upstreamProtocol(ConfigNode node) {
    Optional<String> name = RouteParser.nonEmpty(node, "upstream_protocol");
    if (name.isEmpty() || name.get().equalsIgnoreCase(ProxyConfig.AUTO)) {
      return name;
    }
    if (name.get().equals("SofaRpc")) {
      throw node.error(
          "upstream_protocol",
          "\"SofaRpc\" was MOSN's name for Bolt up to v0.10; write \"bolt\" (or \"boltv2\") instead");
    }
    try {
      state.vocabulary.protocols().require(name.get());
    } catch (UnknownNameException e) {
      throw node.error("upstream_protocol", e.getMessage());
    }
    return name;
  }
}
