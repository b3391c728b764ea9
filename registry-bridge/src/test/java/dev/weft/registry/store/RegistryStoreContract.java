package dev.weft.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RegistryStore} promises. Each store's test extends this and says how to make a
 * store; a store with a short TTL keeps the expiry tests quick.
 */
public abstract class RegistryStoreContract {
  protected static final Duration TTL = Duration.ofSeconds(2);
  protected static final Duration WAIT = Duration.ofSeconds(15);
  protected static final ServiceId ECHO = ServiceId.of("dev.weft.EchoService:1.0");
  protected static final ServiceId HELLO = ServiceId.of("dev.weft.Hello:1.0", "SOFA", "tenant-a");

  private RegistryStore store;

  /** A new, empty store whose sessions have {@code ttl}. */
  protected abstract RegistryStore newStore(Duration ttl) throws Exception;

  protected RegistryStore store() throws Exception {
    if (store == null) {
      store = newStore(TTL);
    }
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected static Publication publication(ServiceId service, String registId, int... ports) {
    List<Endpoint> endpoints =
        java.util.Arrays.stream(ports)
            .mapToObj(p -> new Endpoint("127.0.0.1", p, Protocol.BOLT, 100, "", Map.of("app", "a")))
            .toList();
    return new Publication(service, registId, "zone-a", endpoints);
  }

  protected static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
    return future.orTimeout(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
  }

  @Test
  void aWatchSeesWhatWasThereAndThenEveryChange() throws Exception {
    StoreSession session = join(store().openSession("test"));
    Publication before = publication(ECHO, "r1", 12200);
    join(session.publish(before));
    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = store().watch(listener)) {
      PublicationKey key = new PublicationKey(ECHO, session.id(), "r1");
      await().atMost(WAIT).until(() -> listener.state().equals(Map.of(key, before)));
      assertThat(listener.resets()).isEqualTo(1);

      Publication after = publication(ECHO, "r1", 12200, 12201);
      join(session.publish(after));
      Publication hello = publication(HELLO, "r9", 12300);
      join(session.publish(hello));
      PublicationKey helloKey = new PublicationKey(HELLO, session.id(), "r9");
      await()
          .atMost(WAIT)
          .until(() -> listener.state().equals(Map.of(key, after, helloKey, hello)));

      assertThat(join(session.unpublish(ECHO, "r1"))).isTrue();
      assertThat(join(session.unpublish(ECHO, "r1"))).isFalse();
      await().atMost(WAIT).until(() -> listener.state().equals(Map.of(helloKey, hello)));
      assertThat(listener.resets()).isEqualTo(1);
    }
  }

  @Test
  void aCleanCloseRemovesTheSessionsPublicationsAtOnce() throws Exception {
    StoreSession closing = join(store().openSession("closing"));
    StoreSession staying = join(store().openSession("staying"));
    assertThat(closing.id()).isNotEqualTo(staying.id()).isNotEqualTo(PublicationKey.PERSISTENT);
    join(closing.publish(publication(ECHO, "r1", 1)));
    join(closing.publish(publication(HELLO, "r2", 2)));
    join(staying.publish(publication(ECHO, "r1", 3)));
    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = store().watch(listener)) {
      await().atMost(WAIT).until(() -> listener.state().size() == 3);
      long closedAt = System.nanoTime();
      join(closing.close());
      await().atMost(WAIT).until(() -> listener.state().size() == 1);
      // Well before the TTL: the close removed them, not the lease running out.
      assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(TTL);
      assertThat(listener.state().keySet())
          .containsExactly(new PublicationKey(ECHO, staying.id(), "r1"));
    }
    Assertions.assertThatThrownBy(() -> join(closing.publish(publication(ECHO, "r5", 5))))
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("ended");
  }

  @Test
  void anAbandonedSessionsPublicationsLastUntilTheTtlRunsOut() throws Exception {
    StoreSession session = join(store().openSession("crashed"));
    join(session.publish(publication(ECHO, "r1", 1)));
    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = store().watch(listener)) {
      await().atMost(WAIT).until(() -> listener.state().size() == 1);
      long abandonedAt = System.nanoTime();
      session.abandon();
      await().during(TTL.dividedBy(2)).atMost(WAIT).until(() -> listener.state().size() == 1);
      await().atMost(WAIT).until(() -> listener.state().isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - abandonedAt))
          .isGreaterThanOrEqualTo(TTL.dividedBy(2));
    }
  }

  @Test
  void persistentRegistrationsStayUntilDeregistered() throws Exception {
    Publication vm = publication(ECHO, "10.0.0.5:12200", 12200);
    assertThat(join(store().putPersistent(vm))).isFalse();
    assertThat(join(store().putPersistent(publication(ECHO, "10.0.0.5:12200", 12201)))).isTrue();
    StoreSession session = join(store().openSession("other"));
    join(session.publish(publication(ECHO, "r1", 1)));
    join(session.close());
    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = store().watch(listener)) {
      PublicationKey key = new PublicationKey(ECHO, PublicationKey.PERSISTENT, "10.0.0.5:12200");
      await().atMost(WAIT).until(() -> listener.state().keySet().equals(java.util.Set.of(key)));
      assertThat(listener.state().get(key).endpoints())
          .extracting(Endpoint::port)
          .containsExactly(12201);
      assertThat(join(store().deletePersistent(ECHO, "10.0.0.5:12200"))).isTrue();
      assertThat(join(store().deletePersistent(ECHO, "10.0.0.5:12200"))).isFalse();
      await().atMost(WAIT).until(() -> listener.state().isEmpty());
    }
  }

  @Test
  void republishingTheSameThingIsHarmless() throws Exception {
    StoreSession session = join(store().openSession("retrying"));
    Publication publication = publication(ECHO, "r1", 1, 2);
    for (int i = 0; i < 3; i++) {
      join(session.publish(publication));
    }
    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = store().watch(listener)) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  listener
                      .state()
                      .equals(Map.of(new PublicationKey(ECHO, session.id(), "r1"), publication)));
    }
  }

  @Test
  void watchesClosedStopReceiving() throws Exception {
    RecordingListener listener = new RecordingListener();
    StoreWatch watch = store().watch(listener);
    await().atMost(WAIT).until(() -> listener.resets() == 1);
    watch.close();
    StoreSession session = join(store().openSession("late"));
    join(session.publish(publication(ECHO, "r1", 1)));
    RecordingListener second = new RecordingListener();
    try (StoreWatch other = store().watch(second)) {
      await().atMost(WAIT).until(() -> second.state().size() == 1);
    }
    assertThat(listener.state()).isEmpty();
  }
}
