package dev.weft.dataplane.xds.translate;

import static dev.weft.dataplane.xds.translate.ControlPlaneResources.appCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.assignment;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.edsCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.endpoint;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.locality;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.CircuitBreakers;
import dev.weft.dataplane.config.ClusterConfig.FallbackPolicy;
import dev.weft.dataplane.config.ClusterConfig.HostConfig;
import dev.weft.dataplane.config.ClusterConfig.LbSubsetConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LbPolicy;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clusters and their assignments as Weft clusters and hosts. */
class ClusterTranslationTest extends TranslationTestBase {

  private static ClusterConfig translated(Cluster cluster, ClusterLoadAssignment assignment) {
    assertThat(check(cluster)).isEmpty();
    assertThat(check(assignment)).isEmpty();
    var result = translate(cluster, assignment);
    assertThat(result.problems()).isEmpty();
    return result.config().cluster(cluster.getName()).orElseThrow();
  }

  private static ClusterConfig translated(Cluster cluster) {
    return translated(cluster, assignment(cluster.getName()));
  }

  @Test
  void lbPoliciesMapToWeftsBalancers() {
    Map<LbPolicy, String> expected =
        Map.of(
            LbPolicy.ROUND_ROBIN, "LB_WEIGHTED_ROUNDROBIN",
            LbPolicy.LEAST_REQUEST, "LB_LEAST_REQUEST",
            LbPolicy.RANDOM, "LB_RANDOM",
            LbPolicy.RING_HASH, "LB_RING_HASH",
            LbPolicy.MAGLEV, "LB_MAGLEV");
    expected.forEach(
        (policy, name) ->
            assertThat(translated(edsCluster("c").toBuilder().setLbPolicy(policy).build()).lbType())
                .isEqualTo(name));
  }

  @Test
  void envoysDefaultsApplyWhereNothingIsSet() {
    ClusterConfig cluster = translated(edsCluster("c").toBuilder().clearConnectTimeout().build());

    assertThat(cluster.connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(cluster.idleTimeout()).contains(java.time.Duration.ofHours(1));
    assertThat(cluster.choiceCount()).isEqualTo(2);
    assertThat(cluster.maxRequestsPerConnection()).isZero();
    assertThat(cluster.subset()).isEmpty();
  }

  @Test
  void circuitBreakerThresholdsOfPriorityDefaultAreKept() {
    Cluster.Builder cluster = edsCluster("c").toBuilder();
    cluster
        .getCircuitBreakersBuilder()
        .addThresholds(
            io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers.Thresholds.newBuilder()
                .setMaxConnections(UInt32Value.of(10))
                .setMaxRequests(UInt32Value.of(100))
                .setMaxRetries(UInt32Value.of(3)));

    assertThat(translated(cluster.build()).circuitBreakers())
        .isEqualTo(new CircuitBreakers(10, 0, 100, 3));
  }

  @Test
  void highPriorityThresholdsAndZeroLimitsAreRefused() {
    Cluster.Builder cluster = edsCluster("c").toBuilder();
    cluster
        .getCircuitBreakersBuilder()
        .addThresholds(
            io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers.Thresholds.newBuilder()
                .setPriority(RoutingPriority.HIGH))
        .addThresholds(
            io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers.Thresholds.newBuilder()
                .setMaxRequests(UInt32Value.of(0)));

    assertThat(check(cluster.build()))
        .containsExactly(
            "cluster 'c': circuit_breakers.thresholds[0].priority: not supported by Weft: routing"
                + " priority HIGH; Weft routes at DEFAULT only",
            "cluster 'c': circuit_breakers.thresholds[1].max_requests: 0 would refuse everything;"
                + " Weft reads 0 as no limit, so leave the field out for that");
  }

  @Test
  void unhealthyEndpointsAreLeftOutAndHostnamesKept() {
    var draining =
        endpoint("10.0.0.2", 80, 1, "http").toBuilder()
            .setHealthStatus(HealthStatus.DRAINING)
            .build();
    var unknown =
        endpoint("10.0.0.3", 80, 1, "http").toBuilder()
            .setHealthStatus(HealthStatus.UNKNOWN)
            .build();
    var named = endpoint("10.0.0.1", 80, 1, "http").toBuilder();
    named.getEndpointBuilder().setHostname("a.local");

    ClusterConfig cluster =
        translated(
            edsCluster("c"), assignment("c", locality("", named.build(), draining, unknown)));

    assertThat(cluster.hosts())
        .extracting(h -> h.address().toString(), HostConfig::hostname)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("10.0.0.1:80", "a.local"),
            org.assertj.core.groups.Tuple.tuple("10.0.0.3:80", ""));
  }

  @Test
  void weightsAboveWeftsMaximumAreScaledKeepingEveryHost() {
    ClusterConfig cluster =
        translated(
            edsCluster("c"),
            assignment(
                "c",
                locality(
                    "a",
                    endpoint("10.0.0.1", 80, 1_000_000, "http"),
                    endpoint("10.0.0.2", 80, 500_000, "http"),
                    endpoint("10.0.0.3", 80, 1, "http"))));

    assertThat(cluster.hosts()).extracting(HostConfig::weight).containsExactly(128, 64, 1);
  }

  @Test
  void localityWeightsSplitTrafficOnlyWithLocalityWeightedBalancing() {
    var assignment =
        assignment(
            "c",
            locality("a", endpoint("10.0.0.1", 80, 1, "http"), endpoint("10.0.0.2", 80, 1, "http"))
                .toBuilder()
                .setLoadBalancingWeight(UInt32Value.of(3))
                .build(),
            locality("b", endpoint("10.0.1.1", 80, 1, "http")).toBuilder()
                .setLoadBalancingWeight(UInt32Value.of(1))
                .build());
    Cluster.Builder weighted = edsCluster("c").toBuilder();
    weighted.getCommonLbConfigBuilder().getLocalityWeightedLbConfigBuilder();

    assertThat(translated(edsCluster("c"), assignment).hosts())
        .extracting(HostConfig::weight)
        .containsExactly(1, 1, 1);
    // 3/2, 3/2 and 1: scaled so the largest is 128.
    assertThat(translated(weighted.build(), assignment).hosts())
        .extracting(HostConfig::weight)
        .containsExactly(128, 128, 85);
  }

  @Test
  void envoyLbMetadataWinsOverWeftsAndTheZoneComesFromTheLocality() {
    var endpoint =
        endpoint("10.0.0.1", 80, 1, "http").toBuilder()
            .setMetadata(
                Metadata.newBuilder()
                    .putFilterMetadata("weft", struct(Map.of("protocol", "http", "version", "1")))
                    .putFilterMetadata(
                        "envoy.lb", struct(Map.of("version", "2", "canary", "true"))))
            .build();

    ClusterConfig cluster = translated(edsCluster("c"), assignment("c", locality("z1", endpoint)));

    assertThat(cluster.hosts().get(0).metadata())
        .isEqualTo(Map.of("protocol", "http", "version", "2", "canary", "true", "zone", "z1"));
  }

  @Test
  void subsetLoadBalancingIsKept() {
    Cluster.Builder cluster = edsCluster("c").toBuilder();
    cluster
        .getLbSubsetConfigBuilder()
        .setFallbackPolicy(Cluster.LbSubsetConfig.LbSubsetFallbackPolicy.DEFAULT_SUBSET)
        .setDefaultSubset(struct(Map.of("version", "1")))
        .addSubsetSelectors(
            Cluster.LbSubsetConfig.LbSubsetSelector.newBuilder().addKeys("version"));

    assertThat(translated(cluster.build()).subset())
        .contains(
            new LbSubsetConfig(
                FallbackPolicy.DEFAULT_SUBSET,
                Map.of("version", "1"),
                List.of(List.of("version"))));
  }

  @Test
  void httpProtocolOptionsMaySetIdleTimeoutsRequestLimitsAndHttp1() {
    var options =
        io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder()
            .setCommonHttpProtocolOptions(
                HttpProtocolOptions.newBuilder()
                    .setIdleTimeout(Duration.newBuilder().setSeconds(30))
                    .setMaxRequestsPerConnection(UInt32Value.of(100)))
            .setExplicitHttpConfig(
                ExplicitHttpConfig.newBuilder()
                    .setHttpProtocolOptions(
                        io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions
                            .getDefaultInstance()))
            .build();
    Cluster cluster =
        edsCluster("c").toBuilder()
            .putTypedExtensionProtocolOptions(
                "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.pack(options))
            .build();

    ClusterConfig translated = translated(cluster);

    assertThat(translated.idleTimeout()).contains(java.time.Duration.ofSeconds(30));
    assertThat(translated.maxRequestsPerConnection()).isEqualTo(100);
    var http2 =
        options.toBuilder()
            .setExplicitHttpConfig(
                ExplicitHttpConfig.newBuilder()
                    .setHttp2ProtocolOptions(
                        io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions
                            .getDefaultInstance()))
            .build();
    assertThat(
            check(
                cluster.toBuilder()
                    .putTypedExtensionProtocolOptions(
                        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.pack(http2))
                    .build()))
        .singleElement()
        .asString()
        .startsWith(
            "cluster 'c': typed_extension_protocol_options[\"envoy.extensions.upstreams.http.v3.HttpProtocolOptions\"].explicit_http_config.http2_protocol_options: not supported by Weft");
  }

  @Test
  void aStaticClusterTakesItsHostsFromItsLoadAssignment() {
    ClusterConfig app = translate(appCluster("app", 8080)).config().cluster("app").orElseThrow();

    assertThat(app.type()).isEqualTo("STATIC");
    assertThat(app.hosts())
        .extracting(h -> h.address().toString())
        .containsExactly("127.0.0.1:8080");
  }

  @Test
  void leastRequestChoiceCountIsKeptAndOtherPoliciesSettingsRefused() {
    Cluster.Builder cluster = edsCluster("c").toBuilder().setLbPolicy(LbPolicy.LEAST_REQUEST);
    cluster.getLeastRequestLbConfigBuilder().setChoiceCount(UInt32Value.of(3));

    assertThat(translated(cluster.build()).choiceCount()).isEqualTo(3);
    assertThat(check(cluster.setLbPolicy(LbPolicy.RANDOM).build()))
        .containsExactly(
            "cluster 'c': least_request_lb_config: applies to lb_policy LEAST_REQUEST, not RANDOM");
  }

  @Test
  void anEdsClusterNamesItsAssignmentByServiceNameElseByItsOwnName() {
    Cluster unnamed =
        edsCluster("c").toBuilder()
            .setEdsClusterConfig(
                Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ControlPlaneResources.ads()))
            .build();
    Cluster named =
        edsCluster("d").toBuilder()
            .setEdsClusterConfig(
                edsCluster("d").getEdsClusterConfig().toBuilder().setServiceName("svc"))
            .build();

    var result =
        translate(
            unnamed,
            named,
            assignment("c", locality("", endpoint("10.0.0.1", 80, 1, "http"))),
            assignment("svc", locality("", endpoint("10.0.0.2", 80, 1, "http"))));

    assertThat(result.config().cluster("c").orElseThrow().hosts())
        .extracting(h -> h.address().toString())
        .containsExactly("10.0.0.1:80");
    assertThat(result.config().cluster("d").orElseThrow().hosts())
        .extracting(h -> h.address().toString())
        .containsExactly("10.0.0.2:80");
  }

  private static Struct struct(Map<String, String> values) {
    Struct.Builder struct = Struct.newBuilder();
    values.forEach((k, v) -> struct.putFields(k, Value.newBuilder().setStringValue(v).build()));
    return struct.build();
  }
}
