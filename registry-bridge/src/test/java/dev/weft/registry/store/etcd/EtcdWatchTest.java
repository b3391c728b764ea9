package dev.weft.registry.store.etcd;

import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.ECHO;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.WAIT;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.join;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.publication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.api.registry.v1.StoredPublication;
import dev.weft.registry.etcd.EtcdClients;
import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.model.Publication;
import dev.weft.registry.proto.RegistryProtos;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.RecordingListener;
import dev.weft.registry.store.StoreSession;
import dev.weft.testing.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The watch: bad values under the prefix, and a watch that fell behind a compaction. */
class EtcdWatchTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  private final EtcdStoreSettings settings = TestStores.settings();
  private EtcdStore store;
  private Client raw;

  @BeforeEach
  void connect() {
    raw = EtcdClients.connect(EtcdEndpoints.parse(etcd.endpoints()));
    store = new EtcdStore(EtcdEndpoints.parse(etcd.endpoints()), settings);
  }

  @AfterEach
  void close() {
    store.close();
    raw.close();
  }

  @Test
  void unusableKeysAndValuesAreSkippedAndTheWatchCarriesOn() throws Exception {
    String publications = settings.rootPrefix() + "publications/";
    String echo = PathSegments.encode(ECHO.dataInfoId());
    Publication vm = publication(ECHO, "vm", 12300);
    rawPut(publications + echo + "/persistent/garbage", bytes("not a protobuf"));
    rawPut(publications + echo + "/persistent/vm", stored(2, vm));
    rawPut(publications + "no-owner-or-registId", stored(1, vm));
    rawPut(publications + echo + "/persistent/bad%2f", stored(1, vm));
    join(store.putPersistent(vm));

    RecordingListener listener = new RecordingListener();
    try (EtcdWatch watch = (EtcdWatch) store.watch(listener)) {
      PublicationKey vmKey = new PublicationKey(ECHO, PublicationKey.PERSISTENT, "vm");
      await().atMost(WAIT).until(() -> listener.state().equals(Map.of(vmKey, vm)));
      assertThat(store.skippedValues()).isEqualTo(3);

      // A usable value overwritten with garbage: the publication is gone.
      rawPut(publications + echo + "/persistent/vm", bytes("garbage"));
      await().atMost(WAIT).until(() -> listener.state().isEmpty());
      rawPut(publications + echo + "/persistent/other", stored(7, vm));

      Publication next = publication(ECHO, "next", 12301);
      join(store.putPersistent(next));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  listener
                      .state()
                      .equals(
                          Map.of(
                              new PublicationKey(ECHO, PublicationKey.PERSISTENT, "next"), next)));
      assertThat(store.skippedValues()).isEqualTo(5);
      assertThat(listener.resets()).isEqualTo(1);
    }
  }

  @Test
  void aWatchThatFellBehindACompactionReadsEverythingAgain() throws Exception {
    StoreSession session = join(store.openSession("compacted"));
    Publication one = publication(ECHO, "r1", 12200);
    join(session.publish(one));
    RecordingListener listener = new RecordingListener();
    try (EtcdWatch watch = (EtcdWatch) store.watch(listener)) {
      await().atMost(WAIT).until(() -> listener.state().size() == 1);
      join(watch.suspend());

      Publication two = publication(ECHO, "r2", 12201);
      join(session.publish(two));
      join(session.unpublish(ECHO, "r1"));
      Publication vm = publication(ECHO, "vm", 12300);
      join(store.putPersistent(vm));
      long revision =
          raw.getKVClient().get(bytes("/")).get(10, TimeUnit.SECONDS).getHeader().getRevision();
      raw.getKVClient().compact(revision).get(10, TimeUnit.SECONDS);
      watch.resume();

      Map<PublicationKey, Publication> truth =
          Map.of(
              new PublicationKey(ECHO, session.id(), "r2"), two,
              new PublicationKey(ECHO, PublicationKey.PERSISTENT, "vm"), vm);
      await().atMost(WAIT).until(() -> listener.resets() == 2);
      assertThat(listener.state()).isEqualTo(truth);
      assertThat(listener.lastRevision()).isGreaterThanOrEqualTo(revision);

      // The watch goes on after the new read.
      join(session.unpublish(ECHO, "r2"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  listener
                      .state()
                      .equals(
                          Map.of(new PublicationKey(ECHO, PublicationKey.PERSISTENT, "vm"), vm)));
      assertThat(listener.resets()).isEqualTo(2);
    }
  }

  private void rawPut(String key, ByteSequence value) throws Exception {
    raw.getKVClient().put(bytes(key), value).get(10, TimeUnit.SECONDS);
  }

  private static ByteSequence stored(int format, Publication publication) {
    return ByteSequence.from(
        StoredPublication.newBuilder()
            .setFormat(format)
            .setPublication(RegistryProtos.publication(publication))
            .build()
            .toByteArray());
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
