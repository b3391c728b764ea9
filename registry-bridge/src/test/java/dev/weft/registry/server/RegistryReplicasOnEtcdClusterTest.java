package dev.weft.registry.server;

import static dev.weft.registry.server.RegistryReplicasOnEtcdTest.ECHO;
import static dev.weft.registry.server.RegistryReplicasOnEtcdTest.WAIT;
import static dev.weft.registry.server.RegistryReplicasOnEtcdTest.publication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.api.registry.v1.Scope;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.server.RegistryReplicasOnEtcdTest.Replica;
import dev.weft.registry.server.RegistryReplicasOnEtcdTest.Replicas;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.etcd.EtcdMember;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registry replicas on a 3-node etcd whose leader is killed. */
class RegistryReplicasOnEtcdClusterTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.cluster(3);

  private final Replicas replicas = new Replicas();

  @AfterEach
  void stop() {
    replicas.close();
  }

  @Test
  void killingTheLeaderLosesNoPublicationAndNoSubscriberSeesAWrongList() throws Exception {
    EtcdMember leader = etcd.cluster().leader();
    // The leader first, so the replicas' clients are connected to the member that dies.
    String endpoints =
        leader.clientUrl()
            + ","
            + String.join(
                ",",
                etcd.cluster().members().stream()
                    .filter(m -> m != leader)
                    .map(m -> m.clientUrl().toString())
                    .toList());
    Replica a = replicas.start(endpoints);
    Replica b = replicas.start(endpoints);
    RecordedLists lists = new RecordedLists();
    replicas.session(b, "consumer").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, lists);
    RegistrySession provider = replicas.session(a, "provider");
    provider.publish(publication("p", 12200)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200).equals(lists.ports()));

    leader.kill();
    provider.publish(publication("p", 12200, 12201)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200, 12201).equals(lists.ports()));
    assertThat(lists.everEmptiedAfterFirstList()).as("lists seen: %s", lists.seen).isFalse();
    assertThat(lists.seen)
        .allSatisfy(
            list ->
                assertThat(list.endpoints())
                    .extracting(e -> e.port())
                    .isIn(List.of(), List.of(12200), List.of(12200, 12201)));
  }
}
