package dev.weft.dataplane.config.mosn;

import static dev.weft.dataplane.config.mosn.ConfigJson.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.CircuitBreakers;
import dev.weft.dataplane.config.ClusterConfig.FallbackPolicy;
import dev.weft.dataplane.config.ClusterConfig.HostConfig;
import dev.weft.dataplane.config.ClusterConfig.LbSubsetConfig;
import dev.weft.dataplane.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterParserTest {
  @TempDir Path dir;

  private static ClusterConfig cluster(ConfigJson json) {
    return json.ok().config().clusters().get(0);
  }

  @Test
  void aClusterWithMosnsDefaults() {
    assertThat(cluster(ConfigJson.base()))
        .isEqualTo(
            new ClusterConfig(
                "backend",
                "SIMPLE",
                "LB_ROUNDROBIN",
                List.of(new HostConfig(new HostPort("127.0.0.1", 8080), "", 1, Map.of())),
                CircuitBreakers.UNLIMITED,
                ClusterConfig.DEFAULT_CONNECT_TIMEOUT,
                Optional.empty(),
                0,
                2,
                Optional.empty()));
  }

  @Test
  void aFullCluster() {
    ClusterConfig cluster =
        cluster(
            ConfigJson.base()
                .setJson(
                    CLUSTER,
                    "{\"Name\": \"backend\", \"type\": \"STATIC\", \"lb_type\": \"LB_RANDOM\","
                        + " \"connect_timeout\": \"500ms\", \"idle_timeout\": \"1m\","
                        + " \"circuit_breakers\": [{\"max_connections\": 10, \"max_pending_requests\":"
                        + " 5, \"max_requests\": 100, \"max_retries\": 3}],"
                        + " \"lbconfig\": {\"choice_count\": 3},"
                        + " \"lb_subset_config\": {\"fall_back_policy\": 2, \"default_subset\":"
                        + " {\"version\": \"v1\"}, \"subset_selectors\": [[\"version\"], [\"zone\","
                        + " \"version\"]]},"
                        + " \"hosts\": [{\"address\": \"10.0.0.1:80\", \"hostname\": \"a\", \"weight\":"
                        + " 0, \"metadata\": {\"filter_metadata\": {\"mosn.lb\": {\"version\":"
                        + " \"v1\"}}}}, {\"address\": \"10.0.0.2:80\", \"weight\": 50}]}"));

    assertThat(cluster.name()).isEqualTo("backend");
    assertThat(cluster.type()).isEqualTo("STATIC");
    assertThat(cluster.lbType()).isEqualTo("LB_RANDOM");
    assertThat(cluster.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(cluster.idleTimeout()).contains(Duration.ofMinutes(1));
    assertThat(cluster.circuitBreakers()).isEqualTo(new CircuitBreakers(10, 5, 100, 3));
    assertThat(cluster.choiceCount()).isEqualTo(3);
    assertThat(cluster.subset())
        .contains(
            new LbSubsetConfig(
                FallbackPolicy.DEFAULT_SUBSET,
                Map.of("version", "v1"),
                List.of(List.of("version"), List.of("zone", "version"))));
    assertThat(cluster.hosts())
        .containsExactly(
            new HostConfig(new HostPort("10.0.0.1", 80), "a", 1, Map.of("version", "v1")),
            new HostConfig(new HostPort("10.0.0.2", 80), "", 50, Map.of()));
  }

  @Test
  void aHostNameThatDoesNotResolveIsAConfigError() {
    assertThat(
            ConfigJson.base().set(CLUSTER + ".hosts[0].address", "no-such-host.invalid:80").error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[0].hosts[0].address: host 'no-such-host.invalid'"
                + " does not resolve; expected an IP address or a resolvable host name");
    assertThat(
            cluster(ConfigJson.base().set(CLUSTER + ".hosts[0].address", "localhost:80")).hosts())
        .extracting(h -> h.address().host())
        .containsExactly("localhost");
  }

  @Test
  void weightsAboveMosnsMaximumAreClampedWithAWarning() {
    ConfigJson json = ConfigJson.base().set(CLUSTER + ".hosts[0].weight", 500);

    assertThat(cluster(json).hosts().get(0).weight()).isEqualTo(128);
    assertThat(json.ok().warnings())
        .containsExactly(
            "config.json: cluster_manager.clusters[0].hosts[0].weight: weight 500 is above 128;"
                + " using 128, as MOSN does");
    assertThat(ConfigJson.base().set(CLUSTER + ".hosts[0].weight", -1).error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[0].hosts[0].weight: expected a number from 0 to"
                + " 2147483647, got -1");
  }

  @Test
  void unknownTypesAndBalancersAreErrorsNotFallbacks() {
    assertThat(ConfigJson.base().set(CLUSTER + ".type", "STRICT_DNS").error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[0].type: unknown cluster type 'STRICT_DNS';"
                + " expected one of SIMPLE, STATIC");
    assertThat(ConfigJson.base().set(CLUSTER + ".lb_type", "LB_MAGLEV").error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[0].lb_type: unknown load balancer 'LB_MAGLEV';"
                + " expected one of LB_RANDOM, LB_ROUNDROBIN");
  }

  @Test
  void theNameIsRequiredAndHostsNeedAnAddress() {
    assertThat(ConfigJson.base().remove(CLUSTER + ".name").error())
        .isEqualTo("config.json: cluster_manager.clusters[0].name: is required");
    assertThat(ConfigJson.base().setJson(CLUSTER + ".hosts[0]", "{\"weight\": 1}").error())
        .isEqualTo("config.json: cluster_manager.clusters[0].hosts[0].address: is required");
    assertThat(ConfigJson.base().set(CLUSTER + ".hosts[0].address", "10.0.0.1").error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[0].hosts[0].address: expected host:port, got"
                + " \"10.0.0.1\"");
  }

  @Test
  void circuitBreakersAreMosnsBareArray() {
    ConfigJson json =
        ConfigJson.base()
            .setJson(
                CLUSTER + ".circuit_breakers",
                "[{\"max_connections\": 1}, {\"max_connections\": 2}]");

    assertThat(cluster(json).circuitBreakers()).isEqualTo(new CircuitBreakers(1, 0, 0, 0));
    assertThat(json.ok().warnings())
        .containsExactly(
            "config.json: cluster_manager.clusters[0].circuit_breakers[1]: ignored: only the first"
                + " circuit_breakers entry counts, as in MOSN");
    assertThat(
            ConfigJson.base()
                .setJson(CLUSTER + ".circuit_breakers", "{\"thresholds\": []}")
                .error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[0].circuit_breakers: expected an array, got an"
                + " object");
  }

  @Test
  void keysWithoutEffectWarnAndBehaviourChangingOnesFail() {
    LoadedConfig loaded =
        ConfigJson.base()
            .set(CLUSTER + ".max_request_per_conn", 1024)
            .set(CLUSTER + ".conn_buffer_limit_bytes", 32768)
            .ok();
    assertThat(loaded.warnings())
        .containsExactlyInAnyOrder(
            "config.json: cluster_manager.clusters[0].max_request_per_conn: ignored: Weft does not"
                + " implement it, and it does not change forwarding",
            "config.json: cluster_manager.clusters[0].conn_buffer_limit_bytes: ignored: Weft sizes"
                + " its buffers itself");

    assertThat(
            ConfigJson.base()
                .setJson(
                    CLUSTER + ".health_check", "{\"protocol\": \"Http1\", \"interval\": \"5s\"}")
                .error())
        .isEqualTo(
            "config.json: cluster_manager.clusters[0].health_check: not supported by Weft: active"
                + " health checks");
    assertThat(ConfigJson.base().setJson(CLUSTER + ".tls_context", "{\"status\": true}").error())
        .startsWith(
            "config.json: cluster_manager.clusters[0].tls_context.status: not supported by Weft:");
    assertThat(
            ConfigJson.base()
                .setJson(CLUSTER + ".original_dst_lb_config", "{\"use_header\": true}")
                .error())
        .startsWith(
            "config.json: cluster_manager.clusters[0].original_dst_lb_config: not supported");
  }

  @Test
  void clustersConfigsReadsOneClusterPerFile() throws Exception {
    Path clusters = Files.createDirectory(dir.resolve("clusters"));
    Files.writeString(
        clusters.resolve("backend.json"),
        "{\"name\": \"backend\", \"hosts\": [{\"address\": \"127.0.0.1:9000\"}]}");
    ConfigJson json =
        ConfigJson.base()
            .setJson("cluster_manager", "{}")
            .set("cluster_manager.clusters_configs", clusters.toString());

    assertThat(cluster(json).hosts().get(0).address()).isEqualTo(new HostPort("127.0.0.1", 9000));

    Files.writeString(clusters.resolve("other.json"), "{\"name\": \"backend\"}");
    assertThat(json.error())
        .isEqualTo(
            clusters
                + "/other.json: name: duplicate cluster name 'backend'; already used at "
                + clusters
                + "/backend.json: name");
  }
}
