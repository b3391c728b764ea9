package dev.weft.dataplane.upstream.lb;

import static dev.weft.dataplane.upstream.lb.LbFixtures.cluster;
import static dev.weft.dataplane.upstream.lb.LbFixtures.count;
import static dev.weft.dataplane.upstream.lb.LbFixtures.down;
import static dev.weft.dataplane.upstream.lb.LbFixtures.host;
import static dev.weft.dataplane.upstream.lb.LbFixtures.matching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.ClusterConfig.FallbackPolicy;
import dev.weft.dataplane.config.ClusterConfig.LbSubsetConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import dev.weft.dataplane.upstream.SubsetLoadBalancer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubsetLoadBalancerTest {
  private final Host v1a = host(0, 1, Map.of("version", "v1", "zone", "a"));
  private final Host v1b = host(1, 3, Map.of("version", "v1", "zone", "b"));
  private final Host v2a = host(2, 1, Map.of("version", "v2", "zone", "a"));
  private final Host bare = host(3, 1, Map.of());
  private final List<Host> hosts = List.of(v1a, v1b, v2a, bare);
  private final AtomicInteger fallbacks = new AtomicInteger();

  private LoadBalancer subsets(
      LoadBalancerFactory policy, FallbackPolicy fallback, Map<String, String> defaultSubset) {
    LbSubsetConfig config =
        new LbSubsetConfig(
            fallback, defaultSubset, List.of(List.of("version"), List.of("zone", "version")));
    return SubsetLoadBalancer.create(
        policy,
        cluster(policy.name(), 2, Optional.of(config)),
        config,
        hosts,
        fallbacks::incrementAndGet);
  }

  private LoadBalancer subsets(FallbackPolicy fallback) {
    return subsets(new RoundRobinLoadBalancer.Factory(), fallback, Map.of());
  }

  @Test
  void aMetadataMatchSelectsTheHostsCarryingAllItsKeyValues() {
    LoadBalancer lb = subsets(FallbackPolicy.NO_FALLBACK);

    assertThat(count(lb, 100, matching(Map.of("version", "v1"))).keySet())
        .containsExactlyInAnyOrder(v1a, v1b);
    assertThat(count(lb, 100, matching(Map.of("version", "v2"))).keySet()).containsExactly(v2a);
    assertThat(count(lb, 100, matching(Map.of("version", "v1", "zone", "b"))).keySet())
        .containsExactly(v1b);
    assertThat(count(lb, 100, matching(Map.of("zone", "a", "version", "v2"))).keySet())
        .containsExactly(v2a);
    assertThat(fallbacks).hasValue(0);
  }

  @Test
  void eachSubsetRunsTheClustersPolicy() {
    LoadBalancer lb =
        subsets(new WeightedRoundRobinLoadBalancer.Factory(), FallbackPolicy.NO_FALLBACK, Map.of());

    Map<Host, Integer> counts = count(lb, 400, matching(Map.of("version", "v1")));

    assertThat(counts).containsEntry(v1a, 100).containsEntry(v1b, 300);
  }

  @Test
  void aHashKeyIsConsistentWithinItsSubset() {
    LoadBalancer lb =
        subsets(new MaglevLoadBalancer.Factory(), FallbackPolicy.NO_FALLBACK, Map.of());

    for (long k = 0; k < 200; k++) {
      LbContext context = new LbContext(OptionalLong.of(k), Map.of("version", "v1"), Set.of());
      Host host = lb.choose(context);
      assertThat(host).isIn(v1a, v1b);
      assertThat(lb.choose(context)).isSameAs(host);
    }
  }

  @Test
  void aRetryInASubsetAvoidsTheTriedHost() {
    LoadBalancer lb = subsets(FallbackPolicy.NO_FALLBACK);
    LbContext retry = new LbContext(OptionalLong.empty(), Map.of("version", "v1"), Set.of(v1a));

    assertThat(count(lb, 50, retry).keySet()).containsExactly(v1b);
  }

  @Test
  void aMatchWithoutSubsetGetsNoHostUnderNoFallback() {
    LoadBalancer lb = subsets(FallbackPolicy.NO_FALLBACK);

    assertThat(lb.choose(matching(Map.of("version", "v3")))).isNull();
    // Keys that are no selector's key set: {zone} alone, or a superset of one.
    assertThat(lb.choose(matching(Map.of("zone", "a")))).isNull();
    assertThat(lb.choose(matching(Map.of("version", "v1", "zone", "a", "x", "y")))).isNull();
    assertThat(lb.choose(LbContext.EMPTY)).isNull();
    assertThat(fallbacks).hasValue(0);
  }

  @Test
  void anyEndpointFallsBackToTheWholeClusterAndCountsIt() {
    LoadBalancer lb = subsets(FallbackPolicy.ANY_ENDPOINT);

    assertThat(count(lb, 100, matching(Map.of("version", "v3"))).keySet())
        .containsExactlyInAnyOrderElementsOf(hosts);
    assertThat(fallbacks).hasValue(100);

    assertThat(count(lb, 20, LbContext.EMPTY).keySet()).containsExactlyInAnyOrderElementsOf(hosts);
    assertThat(fallbacks).hasValue(120);

    lb.choose(matching(Map.of("version", "v2")));
    assertThat(fallbacks).hasValue(120);
  }

  @Test
  void defaultSubsetFallsBackToTheHostsMatchingIt() {
    LoadBalancer lb =
        subsets(
            new RoundRobinLoadBalancer.Factory(),
            FallbackPolicy.DEFAULT_SUBSET,
            Map.of("zone", "a"));

    assertThat(count(lb, 100, matching(Map.of("version", "v9"))).keySet())
        .containsExactlyInAnyOrder(v1a, v2a);
    assertThat(count(lb, 100, LbContext.EMPTY).keySet()).containsExactlyInAnyOrder(v1a, v2a);
    assertThat(fallbacks).hasValue(200);
  }

  @Test
  void anEmptyDefaultSubsetMeansEveryHost() {
    LoadBalancer lb =
        subsets(new RoundRobinLoadBalancer.Factory(), FallbackPolicy.DEFAULT_SUBSET, Map.of());

    assertThat(count(lb, 100, LbContext.EMPTY).keySet()).containsExactlyInAnyOrderElementsOf(hosts);
  }

  @Test
  void aDefaultSubsetThatMatchesNoHostGivesNoHost() {
    LoadBalancer lb =
        subsets(
            new RoundRobinLoadBalancer.Factory(),
            FallbackPolicy.DEFAULT_SUBSET,
            Map.of("version", "v7"));

    assertThat(lb.choose(LbContext.EMPTY)).isNull();
    assertThat(fallbacks).hasValue(1);
  }

  @Test
  void aSubsetWhoseHostsAreDownGivesNoHostRatherThanFallingBack() {
    LoadBalancer lb = subsets(FallbackPolicy.ANY_ENDPOINT);
    down(v2a);

    assertThat(lb.choose(matching(Map.of("version", "v2")))).isNull();
    assertThat(fallbacks).hasValue(0);
  }

  @Test
  void selectorsNamingTheSameKeysTwiceDoNotDoubleHosts() {
    Map<Map<String, String>, List<Host>> groups =
        SubsetLoadBalancer.group(
            List.of(List.of("version"), List.of("version", "zone"), List.of("zone", "version")),
            hosts);

    assertThat(groups)
        .containsOnlyKeys(
            Map.of("version", "v1"),
            Map.of("version", "v2"),
            Map.of("version", "v1", "zone", "a"),
            Map.of("version", "v1", "zone", "b"),
            Map.of("version", "v2", "zone", "a"));
    assertThat(groups.get(Map.of("version", "v1"))).containsExactly(v1a, v1b);
  }
}
