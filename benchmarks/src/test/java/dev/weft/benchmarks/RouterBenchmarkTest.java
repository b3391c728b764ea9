package dev.weft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.router.Route;
import java.util.Collection;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Each request reaches the route its benchmark claims, and JMH can run the harness. */
class RouterBenchmarkTest {

  private static RouterBenchmark benchmark(int virtualHosts) {
    RouterBenchmark benchmark = new RouterBenchmark();
    benchmark.virtualHosts = virtualHosts;
    benchmark.setUp();
    return benchmark;
  }

  private static Optional<String> cluster(Optional<Route.ClusterChoice> choice) {
    return choice.map(Route.ClusterChoice::name);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 50})
  void eachBenchmarkReachesTheRouteItNames(int virtualHosts) {
    RouterBenchmark benchmark = benchmark(virtualHosts);
    String middle = virtualHosts == 1 ? "svc-0" : "svc-" + virtualHosts / 2;
    String wildcard = "svc-" + (virtualHosts - 1);

    assertThat(cluster(benchmark.exactHostEarlyRoute())).contains(middle + "-users");
    assertThat(cluster(benchmark.exactHostCatchAll())).contains(middle + "-default");
    assertThat(cluster(benchmark.wildcardHostRegexRoute())).contains(wildcard + "-items");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 50})
  void headerConditionsAndTheDefaultHostApply(int virtualHosts) {
    RouterBenchmark benchmark = benchmark(virtualHosts);
    var canary = RouterBenchmark.head("svc-0.example.com", "/api/users/7");
    canary.headers().set("x-canary", "true");
    var grpc = RouterBenchmark.head("unknown.example.org", "/bench.Echo/Call");
    grpc.headers().set("content-type", "application/grpc+proto");
    String fallback = "svc-" + (virtualHosts - 1);

    assertThat(cluster(benchmark.clusterFor(canary))).contains("svc-0-users-canary");
    assertThat(cluster(benchmark.clusterFor(grpc))).contains(fallback + "-grpc");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 50})
  void jmhRunsTheGeneratedHarness(int virtualHosts) throws Exception {
    Options smoke =
        new OptionsBuilder()
            .include(RouterBenchmark.class.getSimpleName() + ".exactHostCatchAll")
            .param("virtualHosts", Integer.toString(virtualHosts))
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
