package dev.weft.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.FallbackPolicy;
import dev.weft.dataplane.config.ClusterConfig.LbSubsetConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.stats.Stats;
import dev.weft.dataplane.upstream.lb.RoundRobinLoadBalancer;
import dev.weft.dataplane.upstream.lb.WeightedRoundRobinLoadBalancer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** lb_subset_config as the cluster manager applies it: subsets per snapshot, fallbacks counted. */
class ClusterManagerSubsetTest {
  private final Stats stats = new Stats();
  private final ClusterManager manager =
      new ClusterManager(
          Registry.<ClusterType>builder("cluster type")
              .register(new StaticClusterType("SIMPLE"))
              .build(),
          Registry.<LoadBalancerFactory>builder("load balancer")
              .register(new RoundRobinLoadBalancer.Factory())
              .register(new WeightedRoundRobinLoadBalancer.Factory())
              .build(),
          stats);

  private static ClusterConfig.HostConfig host(int port, String version) {
    return new ClusterConfig.HostConfig(
        new HostPort("127.0.0.1", port), "", 1, Map.of("version", version));
  }

  private static ClusterConfig cluster(
      Optional<LbSubsetConfig> subset, List<ClusterConfig.HostConfig> hosts) {
    return new ClusterConfig(
        "svc",
        "SIMPLE",
        "LB_ROUNDROBIN",
        hosts,
        ClusterConfig.CircuitBreakers.UNLIMITED,
        Duration.ofSeconds(1),
        Optional.empty(),
        0,
        2,
        subset);
  }

  private static LbContext match(String version) {
    return new LbContext(OptionalLong.empty(), Map.of("version", version), Set.of());
  }

  private long fallbacks() {
    return stats.cluster("svc").counter("lb_subsets_fallback").get();
  }

  @Test
  void aSubsetClusterPicksByMetadataAndCountsFallbacks() {
    LbSubsetConfig subset =
        new LbSubsetConfig(FallbackPolicy.ANY_ENDPOINT, Map.of(), List.of(List.of("version")));
    manager.replaceAll(
        List.of(cluster(Optional.of(subset), List.of(host(9001, "v1"), host(9002, "v2")))));
    Cluster cluster = manager.get("svc");

    for (int i = 0; i < 10; i++) {
      assertThat(cluster.choose(match("v2")).address().port()).isEqualTo(9002);
    }
    assertThat(fallbacks()).isZero();

    assertThat(cluster.choose(match("v3"))).isNotNull();
    assertThat(cluster.choose(LbContext.EMPTY)).isNotNull();
    assertThat(fallbacks()).isEqualTo(2);
  }

  @Test
  void subsetsFollowEndpointUpdates() {
    LbSubsetConfig subset =
        new LbSubsetConfig(FallbackPolicy.NO_FALLBACK, Map.of(), List.of(List.of("version")));
    manager.replaceAll(List.of(cluster(Optional.of(subset), List.of(host(9001, "v1")))));
    assertThat(manager.get("svc").choose(match("v2"))).isNull();

    manager.updateHosts("svc", List.of(host(9001, "v1"), host(9003, "v2")));

    assertThat(manager.get("svc").choose(match("v2")).address().port()).isEqualTo(9003);
  }

  @Test
  void aClusterWithoutSubsetConfigIgnoresTheMetadataMatch() {
    manager.replaceAll(
        List.of(cluster(Optional.empty(), List.of(host(9001, "v1"), host(9002, "v2")))));

    assertThat(manager.get("svc").choose(match("v3"))).isNotNull();
    assertThat(fallbacks()).isZero();
  }
}
