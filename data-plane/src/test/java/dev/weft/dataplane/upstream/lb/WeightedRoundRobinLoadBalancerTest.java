package dev.weft.dataplane.upstream.lb;

import static dev.weft.dataplane.upstream.lb.LbFixtures.count;
import static dev.weft.dataplane.upstream.lb.LbFixtures.down;
import static dev.weft.dataplane.upstream.lb.LbFixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinLoadBalancerTest {

  @Test
  void picksInProportionToWeights() {
    List<Host> hosts = weighted(1, 2, 3, 4);
    WeightedRoundRobinLoadBalancer lb = new WeightedRoundRobinLoadBalancer(hosts);

    // 10 000 picks are 1 000 whole cycles of 10 slots, so the counts are exact.
    Map<Host, Integer> counts = count(lb, 10_000, LbContext.EMPTY);

    assertThat(counts)
        .containsEntry(hosts.get(0), 1000)
        .containsEntry(hosts.get(1), 2000)
        .containsEntry(hosts.get(2), 3000)
        .containsEntry(hosts.get(3), 4000);
  }

  @Test
  void theCycleIsInterleavedAndReducedByTheWeightsGcd() {
    assertThat(WeightedRoundRobinLoadBalancer.schedule(weighted(3, 1))).containsExactly(0, 0, 1, 0);
    assertThat(WeightedRoundRobinLoadBalancer.schedule(weighted(30, 10)))
        .containsExactly(0, 0, 1, 0);
    assertThat(WeightedRoundRobinLoadBalancer.schedule(weighted(2, 2, 2))).containsExactly(0, 1, 2);
    int[] cycle = WeightedRoundRobinLoadBalancer.schedule(weighted(1, 100));
    assertThat(cycle).hasSize(101);
    assertThat(cycle[50]).isZero();
  }

  @Test
  void anyWindowOfOneCycleHoldsEachHostByWeight() {
    List<Host> hosts = weighted(5, 1, 3);
    WeightedRoundRobinLoadBalancer lb = new WeightedRoundRobinLoadBalancer(hosts);
    List<Host> picks = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      picks.add(lb.choose(LbContext.EMPTY));
    }

    for (int start = 0; start + 9 <= picks.size(); start++) {
      List<Host> window = picks.subList(start, start + 9);
      assertThat(window.stream().filter(hosts.get(0)::equals).count()).isEqualTo(5);
      assertThat(window.stream().filter(hosts.get(1)::equals).count()).isEqualTo(1);
    }
  }

  @Test
  void aDownHostsShareGoesToTheOthersByWeight() {
    List<Host> hosts = weighted(1, 2, 3);
    down(hosts.get(2));
    WeightedRoundRobinLoadBalancer lb = new WeightedRoundRobinLoadBalancer(hosts);

    Map<Host, Integer> counts = count(lb, 9_000, LbContext.EMPTY);

    assertThat(counts).containsOnlyKeys(hosts.get(0), hosts.get(1));
    assertThat(counts.get(hosts.get(0)) / 9_000.0).isCloseTo(1 / 3.0, within(0.02));
    assertThat(counts.get(hosts.get(1)) / 9_000.0).isCloseTo(2 / 3.0, within(0.02));
  }

  @Test
  void picksFromManyThreadsStillFollowTheWeightsExactly() throws Exception {
    List<Host> hosts = weighted(1, 2, 3, 4);
    WeightedRoundRobinLoadBalancer lb = new WeightedRoundRobinLoadBalancer(hosts);
    Map<Host, AtomicInteger> counts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_500; i++) {
                    counts
                        .computeIfAbsent(lb.choose(LbContext.EMPTY), h -> new AtomicInteger())
                        .incrementAndGet();
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // Every pick takes exactly one turn of the shared cursor, whatever thread makes it.
    for (int i = 0; i < 4; i++) {
      assertThat(counts.get(hosts.get(i))).hasValue(1000 * (i + 1));
    }
  }
}
