package dev.weft.dataplane.upstream.lb;

import static dev.weft.dataplane.upstream.lb.LbFixtures.count;
import static dev.weft.dataplane.upstream.lb.LbFixtures.down;
import static dev.weft.dataplane.upstream.lb.LbFixtures.hosts;
import static dev.weft.dataplane.upstream.lb.LbFixtures.key;
import static dev.weft.dataplane.upstream.lb.LbFixtures.keyExcluding;
import static dev.weft.dataplane.upstream.lb.LbFixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Maglev and ring hash: what consistent hashing promises. */
class ConsistentHashingTest {
  private static final int KEYS = 40_000;

  static Stream<Arguments> hashBalancers() {
    Function<List<Host>, LoadBalancer> maglev = MaglevLoadBalancer::new;
    Function<List<Host>, LoadBalancer> ring = RingHashLoadBalancer::new;
    return Stream.of(Arguments.of("maglev", maglev), Arguments.of("ring hash", ring));
  }

  /** Fixed pseudo-random keys, so every run checks the same ones. */
  private static long[] keys() {
    SplittableRandom random = new SplittableRandom(20240601L);
    long[] keys = new long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = random.nextLong();
    }
    return keys;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashBalancers")
  void aKeyAlwaysGetsTheSameHostWhateverOrderTheHostsCameIn(
      String name, Function<List<Host>, LoadBalancer> create) {
    List<Host> hosts = weighted(1, 2, 3, 1, 5);
    List<Host> shuffled = new ArrayList<>(hosts);
    Collections.shuffle(shuffled, new java.util.Random(7));
    LoadBalancer lb = create.apply(hosts);
    LoadBalancer other = create.apply(shuffled);

    for (long k : keys()) {
      Host host = lb.choose(key(k));
      assertThat(lb.choose(key(k))).isSameAs(host);
      assertThat(other.choose(key(k))).isSameAs(host);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashBalancers")
  void keysSpreadOverHostsByWeight(String name, Function<List<Host>, LoadBalancer> create) {
    List<Host> hosts = weighted(1, 2, 3, 4);
    LoadBalancer lb = create.apply(hosts);

    Map<Host, Integer> counts = new HashMap<>();
    for (long k : keys()) {
      counts.merge(lb.choose(key(k)), 1, Integer::sum);
    }

    for (int i = 0; i < hosts.size(); i++) {
      assertThat(counts.get(hosts.get(i)) / (double) KEYS)
          .as("share of host with weight " + (i + 1))
          .isCloseTo((i + 1) / 10.0, within(0.03));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashBalancers")
  void withoutAKeyPicksAtRandomByWeight(String name, Function<List<Host>, LoadBalancer> create) {
    List<Host> hosts = weighted(1, 3);
    LoadBalancer lb = create.apply(hosts);

    Map<Host, Integer> counts = count(lb, 40_000, LbContext.EMPTY);

    assertThat(counts.get(hosts.get(0)) / 40_000.0).isCloseTo(0.25, within(0.04));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashBalancers")
  void removingOneOfTenHostsMovesAboutATenthOfTheKeys(
      String name, Function<List<Host>, LoadBalancer> create) {
    List<Host> hosts = hosts(10);
    LoadBalancer before = create.apply(hosts);
    LoadBalancer after = create.apply(hosts.subList(0, 9));

    int moved = 0;
    int movedElsewhere = 0;
    for (long k : keys()) {
      Host was = before.choose(key(k));
      Host is = after.choose(key(k));
      if (was != is) {
        moved++;
        if (was != hosts.get(9)) {
          movedElsewhere++;
        }
      }
    }

    // The removed host's tenth must move; little else should.
    double movedShare = moved / (double) KEYS;
    assertThat(movedShare).isBetween(0.08, 0.13);
    assertThat(movedElsewhere / (double) KEYS).isLessThan(0.02);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashBalancers")
  void aDownHostsKeysMoveDeterministicallyAndComeBack(
      String name, Function<List<Host>, LoadBalancer> create) {
    List<Host> hosts = hosts(5);
    LoadBalancer lb = create.apply(hosts);
    long[] keys = keys();
    Host[] owner = new Host[keys.length];
    for (int i = 0; i < keys.length; i++) {
      owner[i] = lb.choose(key(keys[i]));
    }
    Host victim = hosts.get(2);

    down(victim);
    Map<Host, Integer> movedTo = new HashMap<>();
    for (int i = 0; i < keys.length; i++) {
      Host now = lb.choose(key(keys[i]));
      assertThat(lb.choose(key(keys[i]))).isSameAs(now);
      if (owner[i] == victim) {
        assertThat(now).isNotSameAs(victim);
        movedTo.merge(now, 1, Integer::sum);
      } else {
        assertThat(now).isSameAs(owner[i]);
      }
    }
    assertThat(movedTo.keySet()).hasSizeGreaterThan(1);

    victim.setHealthy(true);
    for (int i = 0; i < keys.length; i++) {
      assertThat(lb.choose(key(keys[i]))).isSameAs(owner[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashBalancers")
  void aRetryOfAKeyGoesToTheSameNextHostEachTime(
      String name, Function<List<Host>, LoadBalancer> create) {
    List<Host> hosts = hosts(5);
    LoadBalancer lb = create.apply(hosts);

    for (long k = 0; k < 2_000; k++) {
      Host first = lb.choose(key(k));
      Host retry = lb.choose(keyExcluding(k, first));
      assertThat(retry).isNotSameAs(first);
      assertThat(lb.choose(keyExcluding(k, first))).isSameAs(retry);
    }
  }
}
