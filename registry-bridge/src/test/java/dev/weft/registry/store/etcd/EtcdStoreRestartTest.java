package dev.weft.registry.store.etcd;

import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.ECHO;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.join;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.publication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.model.Publication;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.RecordingListener;
import dev.weft.registry.store.StoreSession;
import dev.weft.registry.store.StoreWatch;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.etcd.EtcdMember;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd goes away for longer than a session's TTL (and than jetcd's keepalive deadline, after which
 * jetcd would stop renewing for good) and comes back.
 */
class EtcdStoreRestartTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  private static final Duration DOWN = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void sessionsAndWatchesOutliveAnEtcdRestartLongerThanTheTtl() {
    EtcdStoreSettings settings = TestStores.settings();
    EtcdEndpoints endpoints = EtcdEndpoints.parse(etcd.endpoints());
    try (EtcdStore publishing = new EtcdStore(endpoints, settings);
        EtcdStore watching = new EtcdStore(endpoints, settings)) {
      StoreSession session = join(publishing.openSession("sidecar"));
      Publication one = publication(ECHO, "r1", 12200);
      Publication vm = publication(ECHO, "vm", 12300);
      join(session.publish(one));
      join(publishing.putPersistent(vm));
      Map<PublicationKey, Publication> expected = new HashMap<>();
      expected.put(new PublicationKey(ECHO, session.id(), "r1"), one);
      expected.put(new PublicationKey(ECHO, PublicationKey.PERSISTENT, "vm"), vm);
      RecordingListener listener = new RecordingListener();
      try (StoreWatch watch = watching.watch(listener)) {
        await().atMost(WAIT).until(() -> listener.state().equals(expected));

        EtcdMember member = etcd.cluster().member(0);
        member.stop();
        await("etcd stays down")
            .during(DOWN)
            .atMost(DOWN.multipliedBy(2))
            .until(() -> !member.isHealthy());
        member.start();

        await().atMost(WAIT).until(() -> listener.state().equals(expected));
        // Renewed after the restart: still there after two more TTLs.
        await()
            .during(publishing.sessionTtl().multipliedBy(2))
            .atMost(WAIT)
            .until(() -> listener.state().equals(expected));

        Publication two = publication(ECHO, "r2", 12201);
        join(session.publish(two));
        expected.put(new PublicationKey(ECHO, session.id(), "r2"), two);
        await().atMost(WAIT).until(() -> listener.state().equals(expected));
        // Either etcd kept the lease and the session renewed it, or the session took a new one.
        assertThat(publishing.leaseRegrants()).isBetween(0L, 1L);
      }
    }
  }
}
