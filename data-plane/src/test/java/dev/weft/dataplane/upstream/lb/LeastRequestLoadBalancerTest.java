package dev.weft.dataplane.upstream.lb;

import static dev.weft.dataplane.upstream.lb.LbFixtures.cluster;
import static dev.weft.dataplane.upstream.lb.LbFixtures.count;
import static dev.weft.dataplane.upstream.lb.LbFixtures.host;
import static dev.weft.dataplane.upstream.lb.LbFixtures.hosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeastRequestLoadBalancerTest {

  private static void load(Host host, int requests) {
    for (int i = 0; i < requests; i++) {
      host.requestStarted();
    }
  }

  private static LoadBalancer withChoices(int choiceCount, List<Host> hosts) {
    return new LeastRequestLoadBalancer.Factory()
        .create(cluster(LeastRequestLoadBalancer.NAME, choiceCount, Optional.empty()), hosts);
  }

  private static double share(Map<Host, Integer> counts, Host host, int picks) {
    return counts.getOrDefault(host, 0) / (double) picks;
  }

  @Test
  void twoChoicesPreferTheLessLoadedHost() {
    List<Host> hosts = hosts(3);
    load(hosts.get(0), 10);
    load(hosts.get(1), 10);
    LoadBalancer lb = withChoices(2, hosts);

    Map<Host, Integer> counts = count(lb, 20_000, LbContext.EMPTY);

    // Two draws from three hosts miss the idle one with probability (2/3)^2: it gets 5/9.
    assertThat(share(counts, hosts.get(2), 20_000)).isCloseTo(5 / 9.0, within(0.03));
  }

  @Test
  void choiceCountIsHonoured() {
    List<Host> hosts = hosts(3);
    load(hosts.get(0), 10);
    load(hosts.get(1), 10);

    // One choice is plain random; three (all hosts) always finds the idle one.
    Map<Host, Integer> one = count(withChoices(1, hosts), 20_000, LbContext.EMPTY);
    Map<Host, Integer> all = count(withChoices(3, hosts), 2_000, LbContext.EMPTY);

    assertThat(share(one, hosts.get(2), 20_000)).isCloseTo(1 / 3.0, within(0.03));
    assertThat(all).containsOnlyKeys(hosts.get(2));
  }

  @Test
  void anUnsetChoiceCountMeansTwo() {
    List<Host> hosts = hosts(3);
    load(hosts.get(0), 10);
    load(hosts.get(1), 10);

    Map<Host, Integer> counts = count(withChoices(0, hosts), 20_000, LbContext.EMPTY);

    assertThat(share(counts, hosts.get(2), 20_000)).isCloseTo(5 / 9.0, within(0.03));
  }

  @Test
  void comparingAllHostsFindsTheLeastLoadedAsLoadChanges() {
    List<Host> hosts = hosts(5);
    int[] active = {5, 3, 7, 1, 4};
    for (int i = 0; i < hosts.size(); i++) {
      load(hosts.get(i), active[i]);
    }
    LoadBalancer lb = withChoices(5, hosts);
    assertThat(count(lb, 200, LbContext.EMPTY)).containsOnlyKeys(hosts.get(3));

    load(hosts.get(3), 5);
    hosts.get(1).requestEnded();
    hosts.get(1).requestEnded();

    assertThat(count(lb, 200, LbContext.EMPTY)).containsOnlyKeys(hosts.get(1));
  }

  @Test
  void withUnequalWeightsItComparesWeightPerActiveRequest() {
    Host heavy = host(0, 4);
    Host light = host(1, 1);
    load(heavy, 2); // 4 / (2 + 1) = 1.33 beats 1 / (0 + 1) = 1
    LoadBalancer lb = withChoices(2, List.of(heavy, light));
    assertThat(count(lb, 200, LbContext.EMPTY)).containsOnlyKeys(heavy);

    load(heavy, 2); // 4 / 5 = 0.8 now loses to 1
    assertThat(count(lb, 200, LbContext.EMPTY)).containsOnlyKeys(light);
  }
}
