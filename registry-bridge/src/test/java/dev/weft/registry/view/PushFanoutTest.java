package dev.weft.registry.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.StoreChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushFanoutTest {
  private static final ServiceId ECHO = ServiceId.of("echo");
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final RegistryView view = new RegistryView();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private void write(long revision, int port) {
    view.changed(
        revision,
        List.of(
            StoreChange.put(
                new PublicationKey(ECHO, "s", "r"),
                new Publication(
                    ECHO,
                    "r",
                    "",
                    List.of(new Endpoint("10.0.0.1", port, Protocol.BOLT, 1, "", Map.of()))))));
  }

  @Test
  void aBurstIsPushedOnceWithTheLatestList() {
    view.reset(1, Map.of());
    PushFanout fanout =
        new PushFanout(view, scheduler, Duration.ofMillis(100), Duration.ofSeconds(5));
    List<ServiceSnapshot> pushed = new CopyOnWriteArrayList<>();
    fanout.subscribe(ECHO, pushed::add);
    assertThat(pushed).containsExactly(ServiceSnapshot.absent(ECHO, 1));
    for (int i = 2; i <= 20; i++) {
      write(i, 1000 + i);
    }
    // The first change after a quiet period goes at once; the rest of the burst in one push.
    await().atMost(Duration.ofSeconds(5)).until(() -> last(pushed).version() == 20);
    await().during(Duration.ofMillis(300)).until(() -> last(pushed).version() == 20);
    assertThat(pushed).hasSizeBetween(2, 3);
    assertThat(last(pushed).endpoints().get(0).port()).isEqualTo(1020);
  }

  @Test
  void aChangeAfterAQuietPeriodIsPushedWithoutWaiting() {
    view.reset(1, Map.of());
    PushFanout fanout =
        new PushFanout(view, scheduler, Duration.ofSeconds(30), Duration.ofSeconds(60));
    List<ServiceSnapshot> pushed = new CopyOnWriteArrayList<>();
    fanout.subscribe(ECHO, pushed::add);
    write(2, 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> pushed.size() == 2);
    // The next change is within the quiet time of the first: it waits for the burst to settle.
    write(3, 2);
    await().during(Duration.ofSeconds(1)).until(() -> pushed.size() == 2);
  }

  private static ServiceSnapshot last(List<ServiceSnapshot> pushed) {
    return pushed.get(pushed.size() - 1);
  }

  @Test
  void aSteadyStreamOfChangesIsStillPushedWithinTheMaxDelay() {
    view.reset(1, Map.of());
    PushFanout fanout =
        new PushFanout(view, scheduler, Duration.ofMillis(200), Duration.ofMillis(400));
    List<ServiceSnapshot> pushed = new CopyOnWriteArrayList<>();
    fanout.subscribe(ECHO, pushed::add);
    long revision = 1;
    long start = System.nanoTime();
    // A change every 50 ms never leaves 200 ms of quiet; the max delay forces pushes anyway.
    while (pushed.size() < 2) {
      write(++revision, (int) revision);
      await().pollDelay(Duration.ofMillis(50)).until(() -> true);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void subscribersToEverythingGetTheCurrentServicesThenChanges() {
    view.reset(1, Map.of());
    write(2, 1);
    PushFanout fanout =
        new PushFanout(view, scheduler, Duration.ofMillis(10), Duration.ofMillis(50));
    List<ServiceSnapshot> all = new CopyOnWriteArrayList<>();
    List<ServiceSnapshot> none = new CopyOnWriteArrayList<>();
    fanout.subscribeAll(s -> true, all::add);
    fanout.subscribeAll(s -> s.dataId().startsWith("other"), none::add);
    assertThat(all).extracting(ServiceSnapshot::version).containsExactly(2L);
    write(3, 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> all.size() == 2);
    assertThat(none).isEmpty();
  }
}
