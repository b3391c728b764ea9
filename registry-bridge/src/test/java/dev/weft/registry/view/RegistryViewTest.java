package dev.weft.registry.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.StoreChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryViewTest {
  private static final ServiceId ECHO = ServiceId.of("echo");
  private static final ServiceId HELLO = ServiceId.of("hello");

  private final RegistryView view = new RegistryView();
  private final List<ServiceSnapshot> pushed = new ArrayList<>();

  RegistryViewTest() {
    view.addListener(pushed::addAll);
  }

  private static Publication publication(
      ServiceId service, String registId, int weight, int... ports) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int port : ports) {
      endpoints.add(new Endpoint("10.0.0.1", port, Protocol.BOLT, weight, "", Map.of()));
    }
    return new Publication(service, registId, "", endpoints);
  }

  private static PublicationKey key(ServiceId service, String owner, String registId) {
    return new PublicationKey(service, owner, registId);
  }

  @Test
  void listsAreMergedSortedAndVersionedByTheRevisionThatChangedThem() {
    assertThat(view.ready()).isNotDone();
    view.reset(10, Map.of(key(ECHO, "s1", "a"), publication(ECHO, "a", 100, 3, 1)));
    assertThat(view.ready()).isDone();
    assertThat(view.service(ECHO).version()).isEqualTo(10);
    assertThat(view.service(ECHO).endpoints()).extracting(Endpoint::port).containsExactly(1, 3);
    assertThat(view.service(HELLO)).isEqualTo(ServiceSnapshot.absent(HELLO, 10));

    view.changed(
        11, List.of(StoreChange.put(key(ECHO, "s2", "b"), publication(ECHO, "b", 100, 2))));
    view.changed(
        12, List.of(StoreChange.put(key(HELLO, "s2", "h"), publication(HELLO, "h", 100, 9))));
    assertThat(view.service(ECHO).version()).isEqualTo(11);
    assertThat(view.service(ECHO).endpoints()).extracting(Endpoint::port).containsExactly(1, 2, 3);
    assertThat(view.service(HELLO).version()).isEqualTo(12);
    assertThat(pushed)
        .extracting(s -> s.service().dataId() + "@" + s.version())
        .containsExactly("echo@10", "echo@11", "hello@12");
  }

  @Test
  void theSameEndpointFromTwoSessionsIsOneEndpointAndTheNewestWriteWins() {
    view.reset(1, Map.of());
    view.changed(
        2, List.of(StoreChange.put(key(ECHO, "old", "a"), publication(ECHO, "a", 100, 1))));
    view.changed(3, List.of(StoreChange.put(key(ECHO, "new", "a"), publication(ECHO, "a", 50, 1))));
    assertThat(view.service(ECHO).endpoints()).extracting(Endpoint::weight).containsExactly(50);
    pushed.clear();
    // The old session expires: the merged list is unchanged, so nobody is told.
    view.changed(4, List.of(StoreChange.delete(key(ECHO, "old", "a"))));
    assertThat(pushed).isEmpty();
    assertThat(view.service(ECHO).version()).isEqualTo(3);
  }

  @Test
  void aServiceThatLosesItsLastPublicationIsPushedEmptyWithANewerVersion() {
    view.reset(5, Map.of(key(ECHO, "s", "a"), publication(ECHO, "a", 100, 1)));
    view.changed(6, List.of(StoreChange.delete(key(ECHO, "s", "a"))));
    assertThat(pushed.get(pushed.size() - 1)).isEqualTo(ServiceSnapshot.absent(ECHO, 6));
    assertThat(view.services()).isEmpty();
    assertThat(view.service(ECHO).version()).isEqualTo(6);
  }

  @Test
  void aReListPushesOnlyWhatChanged() {
    view.reset(
        5,
        Map.of(
            key(ECHO, "s", "a"), publication(ECHO, "a", 100, 1),
            key(HELLO, "s", "h"), publication(HELLO, "h", 100, 2)));
    pushed.clear();
    view.reset(
        20,
        Map.of(
            key(ECHO, "s", "a"), publication(ECHO, "a", 100, 1),
            key(ECHO, "t", "b"), publication(ECHO, "b", 100, 7)));
    assertThat(pushed)
        .extracting(s -> s.service().dataId() + "@" + s.version() + s.endpoints().size())
        .containsExactlyInAnyOrder("echo@202", "hello@200");
    assertThat(view.revision()).isEqualTo(20);
  }
}
