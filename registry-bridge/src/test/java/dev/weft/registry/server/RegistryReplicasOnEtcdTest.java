package dev.weft.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.api.registry.v1.Scope;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.etcd.EtcdStore;
import dev.weft.registry.store.etcd.EtcdStoreSettings;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.etcd.EtcdMember;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registry replicas (node + gRPC server) sharing one real etcd, with clients over gRPC. */
class RegistryReplicasOnEtcdTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  static final Duration TTL = Duration.ofSeconds(2);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ServiceId ECHO = ServiceId.of("dev.weft.EchoService:1.0");

  private final Replicas replicas = new Replicas();

  @AfterEach
  void stop() {
    replicas.close();
  }

  @Test
  void aPublicationOnOneReplicaReachesSubscribersOfBothWithTheSameVersions() throws Exception {
    Replica a = replicas.start(etcd.endpoints());
    Replica b = replicas.start(etcd.endpoints());
    RecordedLists onA = new RecordedLists();
    RecordedLists onB = new RecordedLists();
    replicas.session(a, "consumer-a").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, onA);
    replicas.session(b, "consumer-b").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, onB);

    RegistrySession provider = replicas.session(a, "provider");
    provider.publish(publication("p", 12200)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200).equals(onA.ports()));
    await().atMost(WAIT).until(() -> List.of(12200).equals(onB.ports()));
    assertThat(onB.last().version()).isEqualTo(onA.last().version());

    long closedAt = System.nanoTime();
    provider.close();
    await().atMost(WAIT).until(() -> List.of().equals(onB.ports()));
    assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(TTL);
    await().atMost(WAIT).until(() -> List.of().equals(onA.ports()));
    assertThat(onB.last().version()).isEqualTo(onA.last().version());
  }

  @Test
  void theSessionsOfACrashedReplicaExpireAfterTheTtl() throws Exception {
    Replica crashing = replicas.start(etcd.endpoints());
    Replica surviving = replicas.start(etcd.endpoints());
    RecordedLists lists = new RecordedLists();
    replicas.session(surviving, "consumer").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, lists);
    replicas
        .session(crashing, "provider")
        .publish(publication("p", 12200))
        .get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200).equals(lists.ports()));

    long crashedAt = System.nanoTime();
    crashing.crash();
    await().during(TTL.dividedBy(2)).atMost(WAIT).until(() -> List.of(12200).equals(lists.ports()));
    await().atMost(WAIT).until(() -> List.of().equals(lists.ports()));
    assertThat(Duration.ofNanos(System.nanoTime() - crashedAt))
        .isGreaterThanOrEqualTo(TTL.dividedBy(2));
  }

  @Test
  void subscribersNeverSeeAnEmptyListAcrossAnEtcdRestart() throws Exception {
    Replica a = replicas.start(etcd.endpoints());
    Replica b = replicas.start(etcd.endpoints());
    RecordedLists lists = new RecordedLists();
    replicas.session(b, "consumer").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, lists);
    RegistrySession provider = replicas.session(a, "provider");
    provider.publish(publication("p", 12200)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200).equals(lists.ports()));

    EtcdMember member = etcd.cluster().member(0);
    member.stop();
    await("etcd stays down")
        .during(Duration.ofSeconds(5))
        .atMost(WAIT)
        .until(() -> !member.isHealthy());
    member.start();

    provider.publish(publication("p", 12200, 12201)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200, 12201).equals(lists.ports()));
    await()
        .during(TTL.multipliedBy(2))
        .atMost(WAIT)
        .until(() -> List.of(12200, 12201).equals(lists.ports()));
    assertThat(lists.everEmptiedAfterFirstList()).as("lists seen: %s", lists.seen).isFalse();
  }

  static Publication publication(String registId, int... ports) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int port : ports) {
      endpoints.add(new Endpoint("10.0.0.1", port, Protocol.BOLT, 100, "", Map.of()));
    }
    return new Publication(ECHO, registId, "", endpoints);
  }

  /** One replica: a node on its own EtcdStore and a gRPC server. */
  static final class Replica {
    final RegistryNode node;
    final RegistryServer server;

    Replica(RegistryNode node, RegistryServer server) {
      this.node = node;
      this.server = server;
    }

    /** Stops serving and renewing without ending any session, as a killed process would. */
    void crash() {
      server.close();
      node.close();
    }
  }

  /** Replicas on one root prefix, and client sessions to them; closes everything. */
  static final class Replicas implements AutoCloseable {
    private final String root = "/weft-test/" + UUID.randomUUID() + "/";
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Replica> started = new ArrayList<>();
    private final List<RegistrySession> sessions = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    Replica start(String endpoints) throws Exception {
      EtcdStore store =
          new EtcdStore(
              EtcdEndpoints.parse(endpoints),
              EtcdStoreSettings.defaults()
                  .withRootPrefix(root)
                  .withSessionTtl(TTL)
                  .withRequestTimeout(Duration.ofSeconds(2))
                  .withWatchCheckInterval(Duration.ofSeconds(1)));
      RegistryNode node = new RegistryNode(store, Duration.ofMillis(20), Duration.ofMillis(200));
      node.ready().get(30, TimeUnit.SECONDS);
      Replica replica =
          new Replica(node, RegistryServer.start(node, new InetSocketAddress("127.0.0.1", 0)));
      started.add(replica);
      return replica;
    }

    RegistrySession session(Replica replica, String name) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", replica.server.port()).usePlaintext().build();
      channels.add(channel);
      RegistrySession session = new RegistrySession(channel, scheduler, name, "", s -> {});
      sessions.add(session);
      return session;
    }

    @Override
    public void close() {
      sessions.forEach(s -> s.close(Duration.ofSeconds(1)));
      channels.forEach(ManagedChannel::shutdownNow);
      started.forEach(Replica::crash);
      scheduler.shutdownNow();
    }
  }
}
