package dev.weft.dataplane.server;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.extension.UnknownNameException;
import dev.weft.dataplane.stats.Stats;
import dev.weft.dataplane.upstream.Cluster;
import dev.weft.dataplane.upstream.ClusterManager;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinLoadBalancersTest {
  private final Registry<LoadBalancerFactory> balancers = BuiltinLoadBalancers.create();

  @Test
  void registersMosnsNamesAndRingHash() {
    assertThat(balancers.names())
        .containsExactly(
            "LB_LEAST_REQUEST",
            "LB_MAGLEV",
            "LB_RANDOM",
            "LB_RING_HASH",
            "LB_ROUNDROBIN",
            "LB_WEIGHTED_ROUNDROBIN");
  }

  @Test
  void everyRegisteredBalancerBuildsAClusterThatPicksAHost() {
    ClusterManager manager =
        new ClusterManager(BuiltinClusterTypes.create(), balancers, new Stats());

    manager.replaceAll(
        balancers.names().stream().map(name -> cluster(name, name, local(9001))).toList());

    for (String name : balancers.names()) {
      assertThat(manager.get(name).choose(LbContext.EMPTY)).as(name).isNotNull();
    }
  }

  @Test
  void anUnknownLbTypeFailsListingTheKnownOnesAndKeepsTheOldClusters() {
    ClusterManager manager =
        new ClusterManager(BuiltinClusterTypes.create(), balancers, new Stats());
    manager.replaceAll(List.of(cluster("a", "LB_ROUNDROBIN", local(9001))));
    Cluster before = manager.get("a");

    assertThatThrownBy(
            () ->
                manager.replaceAll(
                    List.of(
                        cluster("a", "LB_ROUNDROBIN", local(9002)),
                        cluster("b", "LB_CONSISTENT", local(9003)))))
        .isInstanceOf(UnknownNameException.class)
        .hasMessageContaining("LB_CONSISTENT")
        .hasMessageContaining(
            "LB_LEAST_REQUEST, LB_MAGLEV, LB_RANDOM, LB_RING_HASH, LB_ROUNDROBIN,"
                + " LB_WEIGHTED_ROUNDROBIN");

    assertThat(manager.get("a")).isSameAs(before);
    assertThat(manager.get("b")).isNull();
    assertThat(manager.all()).containsExactly(before);
  }
}
