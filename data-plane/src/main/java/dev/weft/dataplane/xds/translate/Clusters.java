package dev.weft.dataplane.xds.translate;

import com.google.protobuf.Any;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.HostConfig;
import dev.weft.dataplane.config.mosn.MosnVocabulary;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Cluster} as Weft's cluster config. STATIC clusters take their hosts from {@code
 * load_assignment}; EDS clusters from the assignment named by {@code
 * eds_cluster_config.service_name} (or the cluster's name), added at translation. Both become Weft
 * {@code STATIC} clusters, whose hosts are replaced with each new config.
 */
final class Clusters {
  /** Envoy's connect timeout when none is set. */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The Weft cluster type xDS clusters become. */
  static final String WEFT_TYPE = "STATIC";

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "alt_stat_name",
          "type",
          "eds_cluster_config",
          "connect_timeout",
          "per_connection_buffer_limit_bytes",
          "lb_policy",
          "load_assignment",
          "max_requests_per_connection",
          "circuit_breakers",
          "common_http_protocol_options",
          "typed_extension_protocol_options",
          "dns_lookup_family",
          "lb_subset_config",
          "common_lb_config",
          "least_request_lb_config",
          "round_robin_lb_config",
          "transport_socket",
          "metadata",
          "track_timeout_budgets",
          "track_cluster_stats");
  private static final String DNS = "DNS (Weft's hosts come from STATIC IP addresses or EDS)";
  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry("cluster_type", "custom cluster types"),
          Map.entry("health_checks", "active health checks"),
          Map.entry("outlier_detection", "outlier detection"),
          Map.entry("transport_socket_matches", "transport socket matches (TLS)"),
          Map.entry("upstream_http_protocol_options", "auto SNI and SAN validation (TLS)"),
          Map.entry("http_protocol_options", "cluster HTTP/1 options"),
          Map.entry(
              "http2_protocol_options",
              "HTTP/2 to upstream hosts by cluster (Weft's upstream protocol is the listener's)"),
          Map.entry("dns_refresh_rate", DNS),
          Map.entry("dns_jitter", DNS),
          Map.entry("dns_failure_refresh_rate", DNS),
          Map.entry("respect_dns_ttl", DNS),
          Map.entry("dns_resolvers", DNS),
          Map.entry("use_tcp_for_dns_lookups", DNS),
          Map.entry("dns_resolution_config", DNS),
          Map.entry("typed_dns_resolver_config", DNS),
          Map.entry("wait_for_warm_on_init", "wait_for_warm_on_init (EDS clusters always warm)"),
          Map.entry("cleanup_interval", "original destination clusters"),
          Map.entry("upstream_bind_config", "binding upstream sockets"),
          Map.entry("protocol_selection", "choosing the upstream protocol by cluster"),
          Map.entry("upstream_connection_options", "upstream socket options"),
          Map.entry("close_connections_on_host_health_failure", "health checks"),
          Map.entry("ignore_health_on_host_removal", "health checks"),
          Map.entry("filters", "upstream network filters"),
          Map.entry("load_balancing_policy", "load balancing policy extensions (use lb_policy)"),
          Map.entry("lrs_server", "load reporting (LRS)"),
          Map.entry("lrs_report_endpoint_metrics", "load reporting (LRS)"),
          Map.entry("upstream_config", "upstream extensions"),
          Map.entry("preconnect_policy", "preconnecting"),
          Map.entry("connection_pool_per_downstream_connection", "pools per downstream connection"),
          Map.entry("ring_hash_lb_config", "ring hash settings (Weft's ring is fixed)"),
          Map.entry("maglev_lb_config", "Maglev settings (Weft's table is fixed)"),
          Map.entry("original_dst_lb_config", "original destination clusters"));
  private static final Map<LbPolicy, String> LB_NAMES =
      Map.of(
          LbPolicy.ROUND_ROBIN, "LB_WEIGHTED_ROUNDROBIN",
          LbPolicy.LEAST_REQUEST, "LB_LEAST_REQUEST",
          LbPolicy.RANDOM, "LB_RANDOM",
          LbPolicy.RING_HASH, "LB_RING_HASH",
          LbPolicy.MAGLEV, "LB_MAGLEV");

  /**
   * A translated cluster; an EDS cluster's hosts are empty until {@link #withHosts}.
   *
   * @param edsName the assignment an EDS cluster waits for; empty for STATIC
   */
  record Translated(ClusterConfig config, Optional<String> edsName, boolean localityWeighted) {
    ClusterConfig withHosts(List<HostConfig> hosts) {
      ClusterConfig c = config;
      return new ClusterConfig(
          c.name(),
          c.type(),
          c.lbType(),
          hosts,
          c.circuitBreakers(),
          c.connectTimeout(),
          c.idleTimeout(),
          c.maxRequestsPerConnection(),
          c.choiceCount(),
          c.subset());
    }
  }

  private final MosnVocabulary vocabulary;

  Clusters(MosnVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** The cluster, or null after a problem. */
  Translated translate(Cluster cluster, Problems problems) {
    int before = problems.size();
    Fields.only(cluster, "", problems, FIELDS, REASONS);
    if (cluster.getName().isEmpty()) {
      problems.add("name", "must not be empty");
    }
    Optional<String> edsName = discovery(cluster, problems);
    String lbType = lbType(cluster, problems);
    ClusterOptions options = new ClusterOptions(cluster, problems);
    transportSocket(cluster, problems);
    ClusterConfig.CircuitBreakers breakers = options.circuitBreakers();
    Optional<ClusterConfig.LbSubsetConfig> subset = options.subset();
    int choiceCount = options.choiceCount();
    boolean localityWeighted = options.localityWeighted();
    Duration connect = DEFAULT_CONNECT_TIMEOUT;
    if (cluster.hasConnectTimeout()) {
      connect = Fields.duration(cluster.getConnectTimeout());
      if (connect.isZero() || connect.isNegative()) {
        problems.add("connect_timeout", "must be above 0");
      }
    }
    List<HostConfig> hosts = List.of();
    if (cluster.hasLoadAssignment() && edsName.isEmpty()) {
      hosts =
          Endpoints.hosts(
              cluster.getLoadAssignment(), localityWeighted, "load_assignment", problems);
    }
    if (vocabulary.clusterTypes().find(WEFT_TYPE).isEmpty()) {
      problems.add("type", "this sidecar has no cluster type " + WEFT_TYPE + " to run it with");
    }
    if (problems.size() != before) {
      return null;
    }
    ClusterConfig config =
        new ClusterConfig(
            cluster.getName(),
            WEFT_TYPE,
            lbType,
            hosts,
            breakers,
            connect,
            options.idleTimeout(),
            options.maxRequestsPerConnection(),
            choiceCount,
            subset);
    return new Translated(config, edsName, localityWeighted);
  }

  /** The assignment an EDS cluster takes its hosts from; empty for a STATIC cluster. */
  private static Optional<String> discovery(Cluster cluster, Problems problems) {
    switch (cluster.getType()) {
      case STATIC:
        if (cluster.hasEdsClusterConfig()) {
          problems.add("eds_cluster_config", "is for EDS clusters; this one is STATIC");
        }
        return Optional.empty();
      case EDS:
        if (cluster.hasLoadAssignment()) {
          problems.add(
              "load_assignment",
              "an EDS cluster takes its endpoints from EDS; leave load_assignment out");
        }
        var eds = cluster.getEdsClusterConfig();
        Fields.only(eds, "eds_cluster_config", problems, Set.of("eds_config", "service_name"));
        ConfigSources.requireAds(eds.getEdsConfig(), "eds_cluster_config.eds_config", problems);
        return Optional.of(
            eds.getServiceName().isEmpty() ? cluster.getName() : eds.getServiceName());
      case STRICT_DNS:
      case LOGICAL_DNS:
        problems.unsupported("type", cluster.getType() + " clusters: " + DNS);
        return Optional.empty();
      default:
        problems.unsupported(
            "type", cluster.getType() + " clusters; Weft accepts STATIC and EDS clusters");
        return Optional.empty();
    }
  }

  /** The Weft load balancer for {@code lb_policy}, from the sidecar's registry. */
  private String lbType(Cluster cluster, Problems problems) {
    String name = LB_NAMES.get(cluster.getLbPolicy());
    if (name == null) {
      problems.unsupported(
          "lb_policy",
          cluster.getLbPolicy()
              + "; Weft maps ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH and MAGLEV");
      return null;
    }
    if (vocabulary.loadBalancers().find(name).isEmpty()) {
      problems.add(
          "lb_policy",
          cluster.getLbPolicy()
              + " needs Weft's load balancer "
              + name
              + ", which this sidecar lacks; it has "
              + Fields.names(vocabulary.loadBalancers().names()));
    }
    return name;
  }

  private static void transportSocket(Cluster cluster, Problems problems) {
    if (!cluster.hasTransportSocket()) {
      return;
    }
    var socket = cluster.getTransportSocket();
    if (!Addresses.plaintext(socket)) {
      Any config = socket.getTypedConfig();
      problems.unsupported(
          "transport_socket",
          "transport socket '"
              + socket.getName()
              + "'"
              + (config.getTypeUrl().isEmpty() ? "" : " (" + config.getTypeUrl() + ")")
              + "; Weft speaks plaintext TCP only (raw_buffer)");
    }
  }
}
