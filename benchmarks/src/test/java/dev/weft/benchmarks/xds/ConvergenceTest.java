package dev.weft.benchmarks.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.controlplane.ControlPlane;
import dev.weft.controlplane.ControlPlaneSettings;
import dev.weft.registry.store.memory.MemoryStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The xDS convergence benchmark at a tiny size, against a control plane in this JVM. */
class ConvergenceTest {
  @Test
  void everyStreamConvergesOnEveryChange() throws Exception {
    Convergence.Settings settings = new Convergence.Settings(5, 20, 0, 3, 2, 2, 1, 5, 2, 7);
    try (ControlPlane controlPlane =
        ControlPlane.start(ControlPlaneSettings.loopback(new MemoryStore(Duration.ofSeconds(5))))) {
      controlPlane.registry().ready().get(10, TimeUnit.SECONDS);
      Convergence.Target target =
          new Convergence.Target(
              new InetSocketAddress("127.0.0.1", controlPlane.xdsPort()),
              new InetSocketAddress("127.0.0.1", controlPlane.registryPort()),
              URI.create("http://127.0.0.1:" + controlPlane.adminPort()),
              0);

      Convergence.Result result = Convergence.run(settings, target);

      assertThat(result.failures()).isEmpty();
      assertThat(result.missing()).isZero();
      assertThat(result.arrived()).isEqualTo(result.expected()).isPositive();
      assertThat(result.converged()).isTrue();
      assertThat(result.perStream()).isEqualTo(10);
      assertThat(result.phase("single").each().getTotalCount()).isPositive();
      assertThat(result.phase("single").last().getTotalCount()).isEqualTo(2);
      // The shared service: every stream, every round.
      assertThat(result.phase("fanout").each().getTotalCount()).isEqualTo(2 * 5);
      assertThat(result.phase("burst").changes()).isEqualTo(5);
      assertThat(result.metrics()).containsEntry("weft_xds_nacks_total", 0.0);
      assertThat(result.metrics()).containsEntry("weft_xds_connected_streams", 5.0);
      assertThat(result.footprint()).isEqualTo(Convergence.Footprint.UNKNOWN);
    }
  }

  @Test
  void everyServiceHasASubscriber() {
    Convergence.Settings settings = Convergence.Settings.of(100, 10_000, 10);
    assertThat(settings.subscriptionsPerStream()).isEqualTo(101);
    Set<Integer> covered = new HashSet<>();
    for (int stream = 0; stream < settings.streams(); stream++) {
      int[] mine = Convergence.subscriptions(settings, stream);
      assertThat(mine[0]).isZero();
      assertThat(Arrays.stream(mine).distinct().count()).isEqualTo(mine.length);
      Arrays.stream(mine).forEach(covered::add);
    }
    assertThat(covered).hasSize(10_000);
    assertThat(Convergence.Settings.of(1000, 1000, 10).subscriptionsPerStream()).isEqualTo(10);
    assertThat(Convergence.Settings.of(1000, 10_000, 10).subscriptionsPerStream()).isEqualTo(11);
  }
}
