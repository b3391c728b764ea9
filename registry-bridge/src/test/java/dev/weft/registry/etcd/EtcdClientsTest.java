package dev.weft.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jetcd against a real etcd, through the clients the registry stores will use. These calls are the
 * first to break when grpc or Netty versions drift apart (see DEVELOPERS.md).
 */
class EtcdClientsTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  private Client client;

  @BeforeEach
  void connect() {
    client = EtcdClients.connect(EtcdEndpoints.parse(etcd.endpoints()));
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void putThenGet() throws Exception {
    KV kv = client.getKVClient();
    kv.put(bytes("/weft/test/k"), bytes("v1")).get(10, TimeUnit.SECONDS);

    var response = kv.get(bytes("/weft/test/k")).get(10, TimeUnit.SECONDS);

    assertThat(response.getKvs()).hasSize(1);
    assertThat(response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8))
        .isEqualTo("v1");
  }

  @Test
  void aWatchFromARevisionSeesEveryPutSinceThen() throws Exception {
    KV kv = client.getKVClient();
    ByteSequence key = bytes("/weft/test/watched");
    // A watch is set up asynchronously: starting it at a known revision is what makes it miss
    // nothing.
    long first = kv.put(key, bytes("before")).get(10, TimeUnit.SECONDS).getHeader().getRevision();
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    try (Watch.Watcher watcher =
        client
            .getWatchClient()
            .watch(
                key,
                WatchOption.builder().withRevision(first).build(),
                response -> events.addAll(response.getEvents()))) {
      kv.put(key, bytes("after")).get(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
      assertThat(events)
          .extracting(e -> e.getKeyValue().getValue().toString(StandardCharsets.UTF_8))
          .containsExactly("before", "after");
      assertThat(events).allMatch(e -> e.getEventType() == WatchEvent.EventType.PUT);
      assertThat(watcher.isClosed()).isFalse();
    }
  }

  @Test
  void aKeyOnAnExpiredLeaseDisappears() throws Exception {
    long lease = client.getLeaseClient().grant(2).get(10, TimeUnit.SECONDS).getID();
    client
        .getKVClient()
        .put(bytes("/weft/test/leased"), bytes("x"), PutOption.builder().withLeaseId(lease).build())
        .get(10, TimeUnit.SECONDS);
    assertThat(count("/weft/test/leased")).isEqualTo(1);

    await("the lease expires")
        .atMost(Duration.ofSeconds(15))
        .until(() -> count("/weft/test/leased") == 0);
  }

  private long count(String key) throws Exception {
    return client.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getCount();
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }
}
