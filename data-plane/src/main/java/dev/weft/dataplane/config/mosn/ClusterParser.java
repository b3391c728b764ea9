package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.CircuitBreakers;
import dev.weft.dataplane.config.ClusterConfig.FallbackPolicy;
import dev.weft.dataplane.config.ClusterConfig.HostConfig;
import dev.weft.dataplane.config.ClusterConfig.LbSubsetConfig;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.extension.Named;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.extension.UnknownNameException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code cluster_manager}: clusters inline or one per file of {@code clusters_configs}. */
final class ClusterParser {
  static final String DEFAULT_TYPE = "SIMPLE";
  static final String DEFAULT_LB_TYPE = "LB_ROUNDROBIN";
  static final int MAX_WEIGHT = 128;

  private static final Set<String> KEYS =
      Set.of(
          "name",
          "type",
          "lb_type",
          "hosts",
          "circuit_breakers",
          "connect_timeout",
          "idle_timeout",
          "lbconfig",
          "lb_subset_config",
          "health_check",
          "original_dst_lb_config",
          "tls_context",
          "cluster_manager_tls",
          "mark");
  private static final String DNS = "Weft has no DNS cluster type yet; hosts resolve at start-up";
  private static final Map<String, String> IGNORED =
      Map.ofEntries(
          Map.entry("max_request_per_conn", LoadState.NO_EFFECT),
          Map.entry("conn_buffer_limit_bytes", "Weft sizes its buffers itself"),
          Map.entry("keepalive", LoadState.NO_EFFECT),
          Map.entry("spec", "Weft takes hosts from the config or xDS, not from subscriptions"),
          Map.entry("sub_type", LoadState.NO_EFFECT),
          Map.entry("slow_start", "Weft has no slow start; new hosts get their full weight"),
          Map.entry("cluster_pool_enable", LoadState.NO_EFFECT),
          Map.entry("dns_refresh_rate", DNS),
          Map.entry("respect_dns_ttl", DNS),
          Map.entry("dns_lookup_family", DNS),
          Map.entry("dns_resolvers", DNS),
          Map.entry("dns_resolver_file", DNS),
          Map.entry("dns_resolver_port", DNS));

  private final LoadState state;

  ClusterParser(LoadState state) {
    this.state = state;
  }

  List<ClusterConfig> clusterManager(ConfigNode node) {
    state.checkKeys(
        node,
        Set.of("clusters", "clusters_configs", "tls_context"),
        Map.of("cluster_pool_enable", LoadState.NO_EFFECT));
    node.get("tls_context").ifPresent(tls -> TlsCheck.check(tls, state));
    if (node.has("clusters") && node.has("clusters_configs")) {
      throw node.error(
          "clusters_configs", "set either clusters or clusters_configs (a directory), not both");
    }
    List<ConfigNode> nodes =
        node.has("clusters_configs")
            ? LoadState.directory(node.require("clusters_configs"))
            : node.array("clusters");
    List<ClusterConfig> clusters = new ArrayList<>();
    for (ConfigNode cluster : nodes) {
      clusters.add(cluster(cluster));
    }
    return clusters;
  }

  ClusterConfig cluster(ConfigNode node) {
    state.checkKeys(node, KEYS, IGNORED);
    LoadState.refuse(node, "health_check", "active health checks");
    LoadState.refuse(node, "original_dst_lb_config", "original-destination load balancing");
    LoadState.refuse(node, "mark", "marking upstream sockets (SO_MARK)");
    LoadState.refuse(node, "cluster_manager_tls", "TLS to upstream hosts");
    node.get("tls_context").ifPresent(tls -> TlsCheck.check(tls, state));
    String name = node.nonEmptyString("name");
    state.references.cluster(node.require("name"), name);
    String type = named(node, "type", DEFAULT_TYPE, state.vocabulary.clusterTypes());
    String lbType = named(node, "lb_type", DEFAULT_LB_TYPE, state.vocabulary.loadBalancers());
    List<HostConfig> hosts = new ArrayList<>();
    for (ConfigNode host : node.array("hosts")) {
      hosts.add(host(host));
    }
    Duration connect = node.optDuration("connect_timeout").orElse(Duration.ZERO);
    int choiceCount = 2;
    if (node.has("lbconfig")) {
      ConfigNode lb = node.require("lbconfig");
      state.checkKeys(
          lb,
          Set.of("choice_count"),
          Map.of(
              "active_request_bias", LoadState.NO_EFFECT,
              "client_error_bias", LoadState.NO_EFFECT,
              "server_error_bias", LoadState.NO_EFFECT));
      choiceCount = lb.integer("choice_count", 2, 1, 100);
    }
    return new ClusterConfig(
        name,
        type,
        lbType,
        hosts,
        circuitBreakers(node),
        connect.isZero() ? ClusterConfig.DEFAULT_CONNECT_TIMEOUT : connect,
        node.optDuration("idle_timeout").filter(d -> !d.isZero()),
        0,
        choiceCount,
        node.get("lb_subset_config").map(this::subset));
  }

  /** A registered name, or {@code fallback} when absent: never MOSN's silent fallback. */
  private static String named(
      ConfigNode node, String key, String fallback, Registry<? extends Named> registry) {
    Optional<ConfigNode> value = node.get(key);
    String name = value.map(ConfigNode::asString).filter(s -> !s.isEmpty()).orElse(fallback);
    try {
      return registry.require(name).name();
    } catch (UnknownNameException e) {
      throw node.error(key, e.getMessage());
    }
  }

  private HostConfig host(ConfigNode node) {
    state.checkKeys(
        node, Set.of("address", "hostname", "weight", "metadata", "tls_disable"), Map.of());
    long weight = node.get("weight").map(w -> w.asLong(0, Integer.MAX_VALUE)).orElse(0L);
    if (weight > MAX_WEIGHT) {
      state.warn(
          node.require("weight"), "weight " + weight + " is above 128; using 128, as MOSN does");
      weight = MAX_WEIGHT;
    }
    ConfigNode address = node.require("address");
    return new HostConfig(
        resolvable(address, address.asHostPort()),
        node.string("hostname", ""),
        (int) Math.max(1, weight),
        node.get("metadata").map(state::metadata).orElse(Map.of()));
  }

  /**
   * A static host must be an IP address or a name that resolves now: SIMPLE clusters never
   * re-resolve, so a name that does not resolve would only fail later, at the first request.
   */
  private static HostPort resolvable(ConfigNode node, HostPort address) {
    try {
      InetAddress.getByName(address.host());
      return address;
    } catch (UnknownHostException e) {
      throw node.error(
          "host '"
              + address.host()
              + "' does not resolve; expected an IP address or a resolvable host name");
    }
  }

  /** MOSN's bare array; only the first element counts and 0 means no limit. */
  private CircuitBreakers circuitBreakers(ConfigNode node) {
    List<ConfigNode> list = node.array("circuit_breakers");
    if (list.isEmpty()) {
      return CircuitBreakers.UNLIMITED;
    }
    for (ConfigNode extra : list.subList(1, list.size())) {
      state.warn(extra, "ignored: only the first circuit_breakers entry counts, as in MOSN");
    }
    ConfigNode first = list.get(0);
    state.checkKeys(
        first,
        Set.of("max_connections", "max_pending_requests", "max_requests", "max_retries"),
        Map.of());
    int max = Integer.MAX_VALUE;
    return new CircuitBreakers(
        first.integer("max_connections", 0, 0, max),
        first.integer("max_pending_requests", 0, 0, max),
        first.integer("max_requests", 0, 0, max),
        first.integer("max_retries", 0, 0, max));
  }

  private LbSubsetConfig subset(ConfigNode node) {
    state.checkKeys(
        node, Set.of("fall_back_policy", "default_subset", "subset_selectors"), Map.of());
    FallbackPolicy policy = FallbackPolicy.values()[node.integer("fall_back_policy", 0, 0, 2)];
    List<List<String>> selectors = new ArrayList<>();
    for (ConfigNode selector : node.array("subset_selectors")) {
      List<String> keys = new ArrayList<>();
      for (ConfigNode key : selector.elements()) {
        keys.add(key.asString());
      }
      selectors.add(keys);
    }
    Map<String, String> defaultSubset =
        node.get("default_subset").map(ConfigNode::asStringMap).orElse(Map.of());
    return new LbSubsetConfig(policy, defaultSubset, selectors);
  }
}
