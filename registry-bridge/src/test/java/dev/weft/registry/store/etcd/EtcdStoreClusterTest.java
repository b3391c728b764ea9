package dev.weft.registry.store.etcd;

import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.ECHO;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.join;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.publication;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.model.Publication;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.RecordingListener;
import dev.weft.registry.store.StoreSession;
import dev.weft.registry.store.StoreWatch;
import dev.weft.testing.etcd.EtcdCluster;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.etcd.EtcdMember;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A three-member etcd loses its leader while sessions publish and replicas watch. */
class EtcdStoreClusterTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.cluster(3);

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void killingTheLeaderLosesNoPublicationAndWatchersEndWithTheTruth() {
    EtcdCluster cluster = etcd.cluster();
    EtcdMember leader = cluster.leader();
    // The leader first: the clients talk to it, so its death also breaks their connections.
    EtcdEndpoints endpoints =
        EtcdEndpoints.parse(
            Stream.concat(
                    Stream.of(leader),
                    cluster.members().stream().filter(member -> member != leader))
                .map(member -> member.clientUrl().toString())
                .collect(Collectors.joining(",")));
    EtcdStoreSettings settings = TestStores.settings();
    try (EtcdStore publishing = new EtcdStore(endpoints, settings);
        EtcdStore watching = new EtcdStore(endpoints, settings)) {
      RecordingListener onPublisher = new RecordingListener();
      RecordingListener onWatcher = new RecordingListener();
      StoreSession session = join(publishing.openSession("sidecar"));
      Map<PublicationKey, Publication> truth = new HashMap<>();
      try (StoreWatch first = publishing.watch(onPublisher);
          StoreWatch second = watching.watch(onWatcher)) {
        for (int i = 0; i < 10; i++) {
          publish(session, truth, i);
        }
        await().atMost(WAIT).until(() -> onWatcher.state().equals(truth));

        leader.kill();
        for (int i = 10; i < 20; i++) {
          publish(session, truth, i);
        }
        truth.put(
            new PublicationKey(ECHO, PublicationKey.PERSISTENT, "vm"),
            publication(ECHO, "vm", 13000));
        join(watching.putPersistent(publication(ECHO, "vm", 13000)));

        await().atMost(WAIT).until(() -> onWatcher.state().equals(truth));
        await().atMost(WAIT).until(() -> onPublisher.state().equals(truth));
        await()
            .during(publishing.sessionTtl().multipliedBy(2))
            .atMost(WAIT)
            .until(() -> onWatcher.state().equals(truth) && onPublisher.state().equals(truth));
      }
      RecordingListener fresh = new RecordingListener();
      try (StoreWatch third = watching.watch(fresh)) {
        await().atMost(WAIT).until(() -> fresh.state().equals(truth));
      }
    }
  }

  private static void publish(StoreSession session, Map<PublicationKey, Publication> truth, int i) {
    Publication publication = publication(ECHO, "r" + i, 12200 + i);
    join(session.publish(publication));
    truth.put(new PublicationKey(ECHO, session.id(), "r" + i), publication);
  }
}
