package dev.weft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The scenario's steps against pods that do what the test says, when it says. */
class ScenarioTest {
  private static final long SECOND = 1_000_000_000L;

  /** Records what the scenario asked for and hands out futures the test completes. */
  private static final class Pods implements PodControl {
    final List<String> calls = new ArrayList<>();
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Void> unpublished = new CompletableFuture<>();
    final CompletableFuture<Void> stopped = new CompletableFuture<>();
    boolean dropped;

    @Override
    public CompletableFuture<Void> startProviderPod(int index) {
      calls.add("start " + index);
      return started;
    }

    @Override
    public CompletableFuture<Void> unpublishProviderPod(int index) {
      calls.add("unpublish " + index);
      return unpublished;
    }

    @Override
    public CompletableFuture<Boolean> droppedByConsumers(int index) {
      calls.add("dropped? " + index);
      return CompletableFuture.completedFuture(dropped);
    }

    @Override
    public CompletableFuture<Void> stopProviderPod(int index) {
      calls.add("stop " + index);
      return stopped;
    }
  }

  private final Pods pods = new Pods();
  private final List<String> events = new ArrayList<>();
  private final Scenario scenario = new Scenario(pods, events::add, Duration.ofSeconds(2));

  /** Every service answered by these providers in the last second (and ever). */
  private static List<TrafficRow> answeredBy(Map<String, Long> recent, Map<String, Long> total) {
    List<TrafficRow> rows = new ArrayList<>();
    for (DemoService service : DemoService.values()) {
      rows.add(new TrafficRow(service, 20, 100, 0, recent, total, null));
    }
    return rows;
  }

  @Test
  void aSecondPodJoinsTrafficSpreadsThenTheFirstLeavesGracefully() {
    List<TrafficRow> first = answeredBy(Map.of("provider-1", 20L), Map.of("provider-1", 100L));
    scenario.onTick(first, 0);
    scenario.onTick(first, SECOND);
    assertThat(scenario.describe()).startsWith("step 1/5: ");
    assertThat(pods.calls).isEmpty();

    scenario.onTick(first, 2 * SECOND);
    assertThat(scenario.describe()).startsWith("step 2/5: provider pod 2 joins");
    assertThat(pods.calls).containsExactly("start 2");

    // Pod 2 serves, but until its answers show up the step goes on.
    pods.started.complete(null);
    scenario.onTick(first, 3 * SECOND);
    assertThat(scenario.stage()).isEqualTo(Scenario.Stage.JOINING);
    List<TrafficRow> both =
        answeredBy(
            Map.of("provider-1", 10L, "provider-2", 10L),
            Map.of("provider-1", 110L, "provider-2", 10L));
    scenario.onTick(both, 4 * SECOND);
    assertThat(scenario.describe()).startsWith("step 3/5: traffic spreads");

    scenario.onTick(both, 5 * SECOND);
    assertThat(pods.calls).containsExactly("start 2");
    scenario.onTick(both, 6 * SECOND);
    assertThat(scenario.describe()).startsWith("step 4/5: provider pod 1 leaves: its publications");
    assertThat(pods.calls).containsExactly("start 2", "unpublish 1");

    // Withdrawn: the consumers' side is asked at every tick whether it dropped pod 1.
    pods.unpublished.complete(null);
    scenario.onTick(both, 7 * SECOND);
    assertThat(scenario.stage()).isEqualTo(Scenario.Stage.DRAINING);
    assertThat(pods.calls).containsExactly("start 2", "unpublish 1", "dropped? 1");
    scenario.onTick(both, 8 * SECOND);
    assertThat(pods.calls).containsExactly("start 2", "unpublish 1", "dropped? 1", "dropped? 1");

    // Dropped; but pod 1 is not stopped before a whole second passed without an answer from it.
    pods.dropped = true;
    scenario.onTick(both, 9 * SECOND);
    scenario.onTick(both, 10 * SECOND);
    assertThat(events)
        .contains("the consumers dropped provider-1: no request is sent there any more");
    assertThat(pods.calls).doesNotContain("stop 1");
    List<TrafficRow> second =
        answeredBy(Map.of("provider-2", 20L), Map.of("provider-1", 120L, "provider-2", 40L));
    scenario.onTick(second, 11 * SECOND);
    assertThat(scenario.describe()).startsWith("step 4/5: provider pod 1 leaves: its processes");
    assertThat(pods.calls).endsWith("stop 1");

    assertThat(scenario.finished()).isFalse();
    pods.stopped.complete(null);
    scenario.onTick(second, 12 * SECOND);
    assertThat(scenario.finished()).isTrue();
    assertThat(scenario.describe()).isEqualTo("step 5/5: provider pod 2 serves alone");
    assertThat(scenario.failure()).isEmpty();
  }

  @Test
  void warmUpWaitsForEveryServiceToBeAnswered() {
    List<TrafficRow> rows = new ArrayList<>(answeredBy(Map.of(), Map.of("provider-1", 1L)));
    rows.set(3, TrafficRow.empty(DemoService.GRPC));
    scenario.onTick(rows, 0);
    scenario.onTick(rows, 10 * SECOND);

    assertThat(scenario.stage()).isEqualTo(Scenario.Stage.WARM_UP);
    assertThat(pods.calls).isEmpty();
  }

  @Test
  void aFailedStepFailsTheScenario() {
    List<TrafficRow> first = answeredBy(Map.of("provider-1", 20L), Map.of("provider-1", 100L));
    scenario.onTick(first, 0);
    scenario.onTick(first, 2 * SECOND);
    pods.started.completeExceptionally(new DemoException("provider-2-sidecar exited with code 2"));
    scenario.onTick(first, 3 * SECOND);

    assertThat(scenario.failure())
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo("provider-2-sidecar exited with code 2");
    assertThat(events).contains("step 2/5 failed: provider-2-sidecar exited with code 2");
  }
}
