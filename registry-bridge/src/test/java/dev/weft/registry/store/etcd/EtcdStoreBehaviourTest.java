package dev.weft.registry.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.api.registry.v1.StoredPublication;
import dev.weft.registry.etcd.EtcdClients;
import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.RecordingListener;
import dev.weft.registry.store.StoreSession;
import dev.weft.registry.store.StoreWatch;
import dev.weft.testing.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the etcd store promises beyond the contract: replicas, layout, leases, bad values. */
class EtcdStoreBehaviourTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  static final Duration WAIT = Duration.ofSeconds(15);
  static final ServiceId ECHO = ServiceId.of("dev.weft.EchoService:1.0");

  private final EtcdStoreSettings settings = TestStores.settings();
  private final List<EtcdStore> stores = new ArrayList<>();
  private Client raw;

  @BeforeEach
  void connect() {
    raw = EtcdClients.connect(EtcdEndpoints.parse(etcd.endpoints()));
  }

  @AfterEach
  void close() {
    stores.forEach(EtcdStore::close);
    raw.close();
  }

  private EtcdStore store() {
    EtcdStore store = new EtcdStore(EtcdEndpoints.parse(etcd.endpoints()), settings);
    stores.add(store);
    return store;
  }

  static Publication publication(ServiceId service, String registId, int port) {
    return new Publication(
        service,
        registId,
        "zone-a",
        List.of(new Endpoint("127.0.0.1", port, Protocol.BOLT, 100, "", Map.of("app", "a"))));
  }

  static <T> T join(CompletableFuture<T> future) {
    return future.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  @Test
  void twoReplicasSeeTheSameChangesAtTheSameRevisions() {
    EtcdStore first = store();
    EtcdStore second = store();
    RecordingListener onFirst = new RecordingListener();
    RecordingListener onSecond = new RecordingListener();
    try (StoreWatch a = first.watch(onFirst);
        StoreWatch b = second.watch(onSecond)) {
      StoreSession session = join(first.openSession("replica-one"));
      Publication one = publication(ECHO, "r1", 12200);
      Publication two = publication(ECHO, "r2", 12201);
      join(session.publish(one));
      join(session.publish(two));
      join(session.unpublish(ECHO, "r1"));
      join(second.putPersistent(publication(ECHO, "vm", 12300)));

      Map<PublicationKey, Publication> expected =
          Map.of(
              new PublicationKey(ECHO, session.id(), "r2"),
              two,
              new PublicationKey(ECHO, PublicationKey.PERSISTENT, "vm"),
              publication(ECHO, "vm", 12300));
      await().atMost(WAIT).until(() -> onFirst.state().equals(expected));
      await().atMost(WAIT).until(() -> onSecond.state().equals(expected));
      await().atMost(WAIT).until(() -> onFirst.lastRevision() == onSecond.lastRevision());
      assertThat(onFirst.resets()).isEqualTo(1);
      assertThat(onSecond.resets()).isEqualTo(1);
    }
    assertThat(first.describe()).isEqualTo("etcd " + etcd.endpoints());
  }

  @Test
  void keysAreLaidOutAsDocumentedWithEverySegmentPercentEncoded() throws Exception {
    EtcdStore store = store();
    ServiceId odd = ServiceId.of("dev.weft/Echo%Service:1.0-ü", "SOFA", "tenant/a");
    String registId = "10.0.0.1:12200/%2F é";
    StoreSession session = join(store.openSession("encoding-test"));
    Publication published = publication(odd, registId, 12200);
    join(session.publish(published));

    List<KeyValue> publications = rawList(settings.rootPrefix() + "publications/");
    assertThat(publications).hasSize(1);
    String key = publications.get(0).getKey().toString(StandardCharsets.UTF_8);
    assertThat(key)
        .isEqualTo(
            settings.rootPrefix()
                + "publications/"
                + "dev.weft%2FEcho%25Service:1.0-%C3%BC#@#tenant%2Fa#@#SOFA/"
                + session.id()
                + "/10.0.0.1:12200%2F%252F%20%C3%A9");
    StoredPublication stored =
        StoredPublication.parseFrom(publications.get(0).getValue().getBytes());
    assertThat(stored.getFormat()).isEqualTo(1);
    assertThat(stored.getClientName()).isEqualTo("encoding-test");
    assertThat(stored.getWrittenAtMillis()).isPositive();
    assertThat(publications.get(0).getLease()).isNotZero();

    List<KeyValue> sessions = rawList(settings.rootPrefix() + "sessions/");
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).getKey().toString(StandardCharsets.UTF_8))
        .isEqualTo(settings.rootPrefix() + "sessions/" + session.id());
    assertThat(sessions.get(0).getLease()).isEqualTo(publications.get(0).getLease());
    assertThat(sessions.get(0).getValue().toString(StandardCharsets.UTF_8))
        .contains("client=encoding-test", "lease=" + Long.toHexString(sessions.get(0).getLease()));

    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = store.watch(listener)) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  listener
                      .state()
                      .equals(Map.of(new PublicationKey(odd, session.id(), registId), published)));
    }
    assertThat(join(session.unpublish(odd, registId))).isTrue();
    assertThat(rawList(settings.rootPrefix() + "publications/")).isEmpty();
  }

  @Test
  void anAbruptlyClosedStoreLeavesItsPublicationsUntilTheTtlRunsOut() {
    EtcdStore crashing = store();
    EtcdStore watching = store();
    StoreSession session = join(crashing.openSession("crashing"));
    join(session.publish(publication(ECHO, "r1", 12200)));
    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = watching.watch(listener)) {
      await().atMost(WAIT).until(() -> listener.state().size() == 1);
      long closedAt = System.nanoTime();
      crashing.close();
      Duration ttl = crashing.sessionTtl();
      await().during(ttl.dividedBy(2)).atMost(WAIT).until(() -> listener.state().size() == 1);
      await().atMost(WAIT).until(() -> listener.state().isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - closedAt))
          .isGreaterThanOrEqualTo(ttl.dividedBy(2));
    }
  }

  @Test
  void aSessionWhoseLeaseEtcdLostTakesANewOneAndWritesItsPublicationsAgain() throws Exception {
    EtcdStore store = store();
    StoreSession session = join(store.openSession("survivor"));
    Publication one = publication(ECHO, "r1", 12200);
    join(session.publish(one));
    RecordingListener listener = new RecordingListener();
    try (StoreWatch watch = store.watch(listener)) {
      PublicationKey key = new PublicationKey(ECHO, session.id(), "r1");
      await().atMost(WAIT).until(() -> listener.state().equals(Map.of(key, one)));
      long oldLease = rawList(settings.rootPrefix() + "publications/").get(0).getLease();

      raw.getLeaseClient().revoke(oldLease).get(10, TimeUnit.SECONDS);

      await().atMost(WAIT).until(() -> store.leaseRegrants() == 1);
      await()
          .atMost(WAIT)
          .until(() -> rawList(settings.rootPrefix() + "publications/").size() == 1);
      long newLease = rawList(settings.rootPrefix() + "sessions/").get(0).getLease();
      assertThat(newLease).isNotEqualTo(oldLease);
      assertThat(rawList(settings.rootPrefix() + "publications/").get(0).getLease())
          .isEqualTo(newLease);
      await().atMost(WAIT).until(() -> listener.state().equals(Map.of(key, one)));

      Publication two = publication(ECHO, "r2", 12201);
      join(session.publish(two));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  listener
                      .state()
                      .equals(Map.of(key, one, new PublicationKey(ECHO, session.id(), "r2"), two)));
      // The new lease is renewed like the first one.
      await()
          .during(store.sessionTtl().multipliedBy(2))
          .atMost(WAIT)
          .until(() -> listener.state().size() == 2);
    }
  }

  private List<KeyValue> rawList(String prefix) throws Exception {
    ByteSequence key = ByteSequence.from(prefix, StandardCharsets.UTF_8);
    return raw.getKVClient()
        .get(key, GetOption.builder().isPrefix(true).build())
        .get(10, TimeUnit.SECONDS)
        .getKvs();
  }
}
