package dev.weft.dataplane.upstream.lb;

import static dev.weft.dataplane.upstream.lb.LbFixtures.cluster;
import static dev.weft.dataplane.upstream.lb.LbFixtures.count;
import static dev.weft.dataplane.upstream.lb.LbFixtures.down;
import static dev.weft.dataplane.upstream.lb.LbFixtures.excluding;
import static dev.weft.dataplane.upstream.lb.LbFixtures.hosts;
import static dev.weft.dataplane.upstream.lb.LbFixtures.key;
import static dev.weft.dataplane.upstream.lb.LbFixtures.keyExcluding;
import static dev.weft.dataplane.upstream.lb.LbFixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every registered balancer promises: health, the tried set, and null when nothing is up. */
class EveryBalancerTest {

  static Stream<LoadBalancerFactory> balancers() {
    return Stream.of(
        new RoundRobinLoadBalancer.Factory(),
        new RandomLoadBalancer.Factory(),
        new WeightedRoundRobinLoadBalancer.Factory(),
        new LeastRequestLoadBalancer.Factory(),
        new MaglevLoadBalancer.Factory(),
        new RingHashLoadBalancer.Factory());
  }

  private static LoadBalancer create(LoadBalancerFactory factory, List<Host> hosts) {
    return factory.create(cluster(factory.name()), hosts);
  }

  /** Without a key and with a few keys, so hash balancers are exercised both ways. */
  private static List<LbContext> contexts(Host... tried) {
    return List.of(
        excluding(tried),
        keyExcluding(1L, tried),
        keyExcluding(-7L, tried),
        keyExcluding(42L, tried));
  }

  @ParameterizedTest
  @MethodSource("balancers")
  void picksOnlyHealthyHosts(LoadBalancerFactory factory) {
    List<Host> hosts = weighted(1, 3, 2, 1);
    down(hosts.get(1), hosts.get(3));
    LoadBalancer lb = create(factory, hosts);

    for (LbContext context : contexts()) {
      assertThat(count(lb, 400, context).keySet())
          .as(context.toString())
          .isSubsetOf(hosts.get(0), hosts.get(2));
    }
    for (long k = 0; k < 500; k++) {
      assertThat(lb.choose(key(k))).isIn(hosts.get(0), hosts.get(2));
    }
  }

  @ParameterizedTest
  @MethodSource("balancers")
  void aRetryAvoidsTheHostItTriedWhenAnotherIsHealthy(LoadBalancerFactory factory) {
    List<Host> hosts = hosts(3);
    LoadBalancer lb = create(factory, hosts);

    for (Host tried : hosts) {
      for (LbContext context : contexts(tried)) {
        assertThat(count(lb, 300, context).keySet()).as(context.toString()).doesNotContain(tried);
      }
    }
    for (LbContext context : contexts(hosts.get(0), hosts.get(2))) {
      assertThat(count(lb, 100, context).keySet()).containsExactly(hosts.get(1));
    }
  }

  @ParameterizedTest
  @MethodSource("balancers")
  void aRetryGoesBackToATriedHostWhenNoOtherIsHealthy(LoadBalancerFactory factory) {
    List<Host> hosts = hosts(3);
    down(hosts.get(1), hosts.get(2));
    LoadBalancer lb = create(factory, hosts);

    for (LbContext context : contexts(hosts.get(0))) {
      assertThat(count(lb, 100, context).keySet()).containsExactly(hosts.get(0));
    }
  }

  @ParameterizedTest
  @MethodSource("balancers")
  void noHostWhenNoneIsHealthy(LoadBalancerFactory factory) {
    List<Host> hosts = hosts(4);
    down(hosts.toArray(Host[]::new));
    LoadBalancer lb = create(factory, hosts);

    for (LbContext context : contexts(hosts.get(0))) {
      assertThat(lb.choose(context)).isNull();
    }
    assertThat(lb.choose(LbContext.EMPTY)).isNull();
  }

  @ParameterizedTest
  @MethodSource("balancers")
  void noHostInAnEmptyCluster(LoadBalancerFactory factory) {
    LoadBalancer lb = create(factory, List.of());

    for (LbContext context : contexts()) {
      assertThat(lb.choose(context)).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("balancers")
  void aHostThatComesBackIsPickedAgain(LoadBalancerFactory factory) {
    List<Host> hosts = hosts(2);
    LoadBalancer lb = create(factory, hosts);
    down(hosts.get(0));
    assertThat(count(lb, 200, LbContext.EMPTY).keySet()).containsExactly(hosts.get(1));

    hosts.get(0).setHealthy(true);
    hosts.get(1).setHealthy(false);

    assertThat(count(lb, 200, LbContext.EMPTY).keySet()).containsExactly(hosts.get(0));
    assertThat(lb.choose(key(5))).isSameAs(hosts.get(0));
    assertThat(lb.choose(key(6))).isSameAs(hosts.get(0));
  }
}
