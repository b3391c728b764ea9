package dev.weft.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The benchmarks compile, measure what they claim, and JMH can run them. No timing is asserted. */
class RegistryCodecBenchmarkTest {

  @Test
  void decodeReturnsWhatEncodeWrote() throws Exception {
    RegistryCodecBenchmark benchmark = new RegistryCodecBenchmark();
    benchmark.endpoints = 10;
    benchmark.setUp();

    assertThat(benchmark.decode()).isEqualTo(RegistryCodecBenchmark.serviceWith(10));
    assertThat(benchmark.encode()).isEqualTo(RegistryCodecBenchmark.serviceWith(10).toByteArray());
    assertThat(RegistryCodecBenchmark.serviceWith(100).getEndpointsList())
        .extracting(e -> e.getAddress())
        .doesNotHaveDuplicates();
  }

  @Test
  void jmhRunsTheGeneratedHarness() throws Exception {
    Options smoke =
        new OptionsBuilder()
            .include(RegistryCodecBenchmark.class.getSimpleName() + ".decode")
            .param("endpoints", "10")
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
