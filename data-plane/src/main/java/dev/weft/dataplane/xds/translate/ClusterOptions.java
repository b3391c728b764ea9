package dev.weft.dataplane.xds.translate;

import com.google.protobuf.UInt32Value;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.FallbackPolicy;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbSubsetConfig;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a {@code Cluster} beyond its hosts: circuit breakers, load balancer settings, subset
 * load balancing and upstream connection options.
 */
final class ClusterOptions {
  /** Envoy's upstream connection idle timeout when none is set; 0 turns it off. */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);

  private static final String HTTP_OPTIONS =
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
  private static final Set<String> THRESHOLDS =
      Set.of(
          "priority",
          "max_connections",
          "max_pending_requests",
          "max_requests",
          "max_retries",
          "track_remaining");
  private static final Set<String> COMMON_HTTP =
      Set.of("idle_timeout", "max_requests_per_connection");

  private final Cluster cluster;
  private final Problems problems;
  private Optional<Duration> idleTimeout = Optional.of(DEFAULT_IDLE_TIMEOUT);
  private int maxRequestsPerConnection;

  ClusterOptions(Cluster cluster, Problems problems) {
    this.cluster = cluster;
    this.problems = problems;
    if (cluster.hasMaxRequestsPerConnection()) {
      maxRequestsPerConnection = cluster.getMaxRequestsPerConnection().getValue();
    }
    if (cluster.hasCommonHttpProtocolOptions()) {
      common(cluster.getCommonHttpProtocolOptions(), "common_http_protocol_options");
    }
    protocolOptions();
  }

  Optional<Duration> idleTimeout() {
    return idleTimeout;
  }

  int maxRequestsPerConnection() {
    return maxRequestsPerConnection;
  }

  /** The thresholds of priority DEFAULT; unset ones (and no breakers) are no limit. */
  ClusterConfig.CircuitBreakers circuitBreakers() {
    CircuitBreakers breakers = cluster.getCircuitBreakers();
    Fields.only(
        breakers,
        "circuit_breakers",
        problems,
        Set.of("thresholds"),
        Map.of("per_host_thresholds", "per-host circuit breakers"));
    ClusterConfig.CircuitBreakers result = ClusterConfig.CircuitBreakers.UNLIMITED;
    for (int i = 0; i < breakers.getThresholdsCount(); i++) {
      CircuitBreakers.Thresholds thresholds = breakers.getThresholds(i);
      String at = Problems.at("circuit_breakers", "thresholds", i);
      Fields.only(
          thresholds,
          at,
          problems,
          THRESHOLDS,
          Map.of(
              "retry_budget", "retry budgets",
              "max_connection_pools", "limits on connection pools"));
      if (thresholds.getPriority() != RoutingPriority.DEFAULT) {
        problems.unsupported(
            Problems.at(at, "priority"), "routing priority HIGH; Weft routes at DEFAULT only");
        continue;
      }
      if (result != ClusterConfig.CircuitBreakers.UNLIMITED) {
        problems.add(at, "a second entry for priority DEFAULT");
      }
      result =
          new ClusterConfig.CircuitBreakers(
              limit(
                  thresholds.hasMaxConnections(),
                  thresholds.getMaxConnections(),
                  at,
                  "max_connections"),
              limit(
                  thresholds.hasMaxPendingRequests(),
                  thresholds.getMaxPendingRequests(),
                  at,
                  "max_pending_requests"),
              limit(thresholds.hasMaxRequests(), thresholds.getMaxRequests(), at, "max_requests"),
              limit(thresholds.hasMaxRetries(), thresholds.getMaxRetries(), at, "max_retries"));
    }
    return result;
  }

  private int limit(boolean set, UInt32Value value, String path, String field) {
    if (!set) {
      return 0;
    }
    if (value.getValue() == 0) {
      problems.add(
          Problems.at(path, field),
          "0 would refuse everything; Weft reads 0 as no limit, so leave the field out for that");
    }
    return value.getValue() < 0 ? Integer.MAX_VALUE : value.getValue();
  }

  /**
   * {@code least_request_lb_config.choice_count}, 2 by default; other policies' configs checked.
   */
  int choiceCount() {
    int choices = 2;
    if (cluster.hasLeastRequestLbConfig()) {
      var config = cluster.getLeastRequestLbConfig();
      requirePolicy(LbPolicy.LEAST_REQUEST, "least_request_lb_config");
      Fields.only(
          config,
          "least_request_lb_config",
          problems,
          Set.of("choice_count"),
          Map.of(
              "active_request_bias", "active request bias",
              "slow_start_config", "slow start"));
      if (config.hasChoiceCount()) {
        choices = config.getChoiceCount().getValue();
        if (choices < 2 || choices > 100) {
          problems.add("least_request_lb_config.choice_count", "expected 2 to 100, got " + choices);
        }
      }
    }
    if (cluster.hasRoundRobinLbConfig()) {
      requirePolicy(LbPolicy.ROUND_ROBIN, "round_robin_lb_config");
      Fields.only(
          cluster.getRoundRobinLbConfig(),
          "round_robin_lb_config",
          problems,
          Set.of(),
          Map.of("slow_start_config", "slow start"));
    }
    return choices;
  }

  private void requirePolicy(LbPolicy policy, String field) {
    if (cluster.getLbPolicy() != policy) {
      problems.add(field, "applies to lb_policy " + policy + ", not " + cluster.getLbPolicy());
    }
  }

  /** Whether locality weights split traffic ({@code locality_weighted_lb_config}). */
  boolean localityWeighted() {
    Fields.only(
        cluster.getCommonLbConfig(),
        "common_lb_config",
        problems,
        Set.of("locality_weighted_lb_config", "update_merge_window"),
        Map.of(
            "healthy_panic_threshold", "panic thresholds",
            "zone_aware_lb_config", "zone-aware routing",
            "ignore_new_hosts_until_first_hc", "health checks",
            "close_connections_on_host_set_change", "closing connections on host changes",
            "consistent_hashing_lb_config", "consistent hashing settings",
            "override_host_status", "host overrides"));
    return cluster.getCommonLbConfig().hasLocalityWeightedLbConfig();
  }

  /** {@code lb_subset_config}, keys matched against hosts' {@code envoy.lb} metadata. */
  Optional<ClusterConfig.LbSubsetConfig> subset() {
    if (!cluster.hasLbSubsetConfig()) {
      return Optional.empty();
    }
    LbSubsetConfig subset = cluster.getLbSubsetConfig();
    String path = "lb_subset_config";
    Fields.only(
        subset, path, problems, Set.of("fallback_policy", "default_subset", "subset_selectors"));
    List<List<String>> selectors = new ArrayList<>();
    for (int i = 0; i < subset.getSubsetSelectorsCount(); i++) {
      var selector = subset.getSubsetSelectors(i);
      Fields.only(selector, Problems.at(path, "subset_selectors", i), problems, Set.of("keys"));
      selectors.add(List.copyOf(selector.getKeysList()));
    }
    Map<String, String> defaults =
        Fields.metadata(
            io.envoyproxy.envoy.config.core.v3.Metadata.newBuilder()
                .putFilterMetadata("default", subset.getDefaultSubset())
                .build(),
            "default",
            Problems.at(path, "default_subset"),
            problems);
    FallbackPolicy fallback =
        switch (subset.getFallbackPolicy()) {
          case ANY_ENDPOINT -> FallbackPolicy.ANY_ENDPOINT;
          case DEFAULT_SUBSET -> FallbackPolicy.DEFAULT_SUBSET;
          default -> FallbackPolicy.NO_FALLBACK;
        };
    return Optional.of(new ClusterConfig.LbSubsetConfig(fallback, defaults, selectors));
  }

  private void common(HttpProtocolOptions options, String path) {
    Fields.only(options, path, problems, COMMON_HTTP);
    if (options.hasIdleTimeout()) {
      Duration idle = Fields.duration(options.getIdleTimeout());
      idleTimeout = idle.isZero() ? Optional.empty() : Optional.of(idle);
    }
    if (options.hasMaxRequestsPerConnection()) {
      maxRequestsPerConnection = options.getMaxRequestsPerConnection().getValue();
    }
  }

  /** HttpProtocolOptions may say HTTP/1.1 (what Weft speaks to HTTP clusters) and set limits. */
  private void protocolOptions() {
    for (var entry :
        new java.util.TreeMap<>(cluster.getTypedExtensionProtocolOptionsMap()).entrySet()) {
      String path = "typed_extension_protocol_options[\"" + entry.getKey() + "\"]";
      Typed typed = Typed.of(entry.getValue(), path, problems);
      if (typed == null) {
        continue;
      }
      if (!typed.typeName().equals(HTTP_OPTIONS)) {
        problems.unsupported(
            path, "protocol options of type " + typed.typeName() + "; Weft reads " + HTTP_OPTIONS);
        continue;
      }
      var options =
          typed.unpack(
              io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                  .getDefaultInstance(),
              path,
              problems);
      if (options == null) {
        continue;
      }
      Fields.only(
          options,
          path,
          problems,
          Set.of("common_http_protocol_options", "explicit_http_config"),
          Map.of(
              "use_downstream_protocol_config",
              "the downstream protocol upstream for HTTP connection managers (Weft speaks HTTP/1.1"
                  + " to their clusters)",
              "auto_config",
              "ALPN protocol selection",
              "upstream_http_protocol_options",
              "auto SNI and SAN validation (TLS)",
              "http_filters",
              "upstream HTTP filters",
              "header_validation_config",
              "header validation extensions"));
      if (options.hasCommonHttpProtocolOptions()) {
        common(options.getCommonHttpProtocolOptions(), path + ".common_http_protocol_options");
      }
      var explicit = options.getExplicitHttpConfig();
      String at = path + ".explicit_http_config";
      Fields.only(
          explicit,
          at,
          problems,
          Set.of("http_protocol_options"),
          Map.of(
              "http2_protocol_options",
              "HTTP/2 to upstream hosts by cluster (Weft's upstream protocol is the listener's)",
              "http3_protocol_options",
              "HTTP/3"));
      Fields.only(
          explicit.getHttpProtocolOptions(), at + ".http_protocol_options", problems, Set.of());
    }
  }
}
