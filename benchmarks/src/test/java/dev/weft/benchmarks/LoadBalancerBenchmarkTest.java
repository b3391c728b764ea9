package dev.weft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.upstream.Host;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Every balancer picks healthy hosts of the cluster and spreads them; JMH runs the harness. */
class LoadBalancerBenchmarkTest {
  private static LoadBalancerBenchmark benchmark(String lbType, int hosts, int percentDown) {
    LoadBalancerBenchmark benchmark = new LoadBalancerBenchmark();
    benchmark.lbType = lbType;
    benchmark.hosts = hosts;
    benchmark.percentDown = percentDown;
    benchmark.setUp();
    return benchmark;
  }

  private static List<Host> picks(LoadBalancerBenchmark benchmark, int count) {
    List<Host> picked = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      picked.add(benchmark.choose());
    }
    return picked;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "LB_ROUNDROBIN",
        "LB_RANDOM",
        "LB_WEIGHTED_ROUNDROBIN",
        "LB_LEAST_REQUEST",
        "LB_MAGLEV",
        "LB_RING_HASH"
      })
  void picksSpreadOverEveryHealthyHostAndNoOther(String lbType) {
    LoadBalancerBenchmark benchmark = benchmark(lbType, 100, 25);
    List<Host> members = benchmark.cluster().hosts();
    Set<Host> healthy = new HashSet<>();
    members.stream().filter(Host::isHealthy).forEach(healthy::add);

    List<Host> picked = picks(benchmark, 20_000);

    assertThat(healthy).hasSize(75);
    assertThat(picked).doesNotContainNull();
    assertThat(new HashSet<>(picked)).isEqualTo(healthy);
  }

  @Test
  void hashingBalancersGiveTheSameKeyTheSameHost() {
    for (String lbType : List.of("LB_MAGLEV", "LB_RING_HASH")) {
      LoadBalancerBenchmark first = benchmark(lbType, 10, 0);
      LoadBalancerBenchmark second = benchmark(lbType, 10, 0);

      // Both walk the same 1024 keys in the same order, over tables built from the same hosts.
      assertThat(picks(second, 2048))
          .extracting(Host::address)
          .isEqualTo(picks(first, 2048).stream().map(Host::address).toList());
    }
  }

  @Test
  void roundRobinTakesEveryHostInTurn() {
    LoadBalancerBenchmark benchmark = benchmark("LB_ROUNDROBIN", 10, 0);

    assertThat(new HashSet<>(picks(benchmark, 10))).hasSize(10);
  }

  @Test
  void weightedRoundRobinFollowsTheWeights() {
    LoadBalancerBenchmark benchmark = benchmark("LB_WEIGHTED_ROUNDROBIN", 10, 0);
    List<Host> members = benchmark.cluster().hosts();
    int totalWeight = members.stream().mapToInt(Host::weight).sum();

    List<Host> picked = picks(benchmark, totalWeight * 100);

    assertThat(members).extracting(Host::weight).containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 1, 2);
    for (Host host : members) {
      assertThat(picked).filteredOn(h -> h == host).hasSize(host.weight() * 100);
    }
  }

  @Test
  void jmhRunsTheGeneratedHarness() throws Exception {
    Options smoke =
        new OptionsBuilder()
            .include(LoadBalancerBenchmark.class.getSimpleName() + ".choose")
            .param("lbType", "LB_MAGLEV")
            .param("hosts", "10")
            .param("percentDown", "25")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200))
            .build();

    Collection<RunResult> results = new Runner(smoke).run();

    assertThat(results).hasSize(1);
    assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
  }
}
