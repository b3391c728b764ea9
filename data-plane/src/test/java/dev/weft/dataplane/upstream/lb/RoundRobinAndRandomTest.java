package dev.weft.dataplane.upstream.lb;

import static dev.weft.dataplane.upstream.lb.LbFixtures.count;
import static dev.weft.dataplane.upstream.lb.LbFixtures.down;
import static dev.weft.dataplane.upstream.lb.LbFixtures.hosts;
import static dev.weft.dataplane.upstream.lb.LbFixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinAndRandomTest {

  @Test
  void roundRobinTakesEachHostInTurnIgnoringWeights() {
    List<Host> hosts = weighted(1, 5, 9);
    RoundRobinLoadBalancer lb = new RoundRobinLoadBalancer(hosts);

    Map<Host, Integer> counts = count(lb, 300, LbContext.EMPTY);

    assertThat(counts).containsOnlyKeys(hosts);
    assertThat(counts.values()).containsOnly(100);
    assertThat(List.of(lb.choose(LbContext.EMPTY), lb.choose(LbContext.EMPTY)))
        .doesNotHaveDuplicates();
  }

  @Test
  void roundRobinSharesADownHostsTurnsEvenly() {
    List<Host> hosts = hosts(3);
    down(hosts.get(1));
    RoundRobinLoadBalancer lb = new RoundRobinLoadBalancer(hosts);

    Map<Host, Integer> counts = count(lb, 300, LbContext.EMPTY);

    // Before the fix, host 2 (next after the down host) took its turns too: 100 vs 200.
    assertThat(counts).containsOnlyKeys(hosts.get(0), hosts.get(2));
    assertThat(counts.values()).containsOnly(150);
  }

  @Test
  void randomIsRoughlyUniform() {
    List<Host> hosts = weighted(1, 2, 3, 4);
    RandomLoadBalancer lb = new RandomLoadBalancer(hosts);

    Map<Host, Integer> counts = count(lb, 40_000, LbContext.EMPTY);

    assertThat(counts).containsOnlyKeys(hosts);
    counts.values().forEach(n -> assertThat(n / 40_000.0).isCloseTo(0.25, within(0.02)));
  }

  @Test
  void randomSharesADownHostsDrawsEvenly() {
    List<Host> hosts = hosts(3);
    down(hosts.get(0));
    RandomLoadBalancer lb = new RandomLoadBalancer(hosts);

    Map<Host, Integer> counts = count(lb, 30_000, LbContext.EMPTY);

    assertThat(counts).containsOnlyKeys(hosts.get(1), hosts.get(2));
    counts.values().forEach(n -> assertThat(n / 30_000.0).isCloseTo(0.5, within(0.03)));
  }
}
