package dev.weft.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.api.registry.v1.DeregisterRequest;
import dev.weft.api.registry.v1.GetServiceRequest;
import dev.weft.api.registry.v1.ListServicesRequest;
import dev.weft.api.registry.v1.OpenSession;
import dev.weft.api.registry.v1.Publish;
import dev.weft.api.registry.v1.RegisterRequest;
import dev.weft.api.registry.v1.RegistryGrpc;
import dev.weft.api.registry.v1.RegistryQueryGrpc;
import dev.weft.api.registry.v1.Scope;
import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.api.registry.v1.SessionRequest;
import dev.weft.api.registry.v1.SessionResponse;
import dev.weft.api.registry.v1.WatchServicesRequest;
import dev.weft.registry.client.ClientState;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.proto.RegistryProtos;
import dev.weft.registry.store.memory.MemoryStore;
import dev.weft.testing.net.FreezableRelay;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry API end to end over real gRPC, on the memory store. */
class RegistryServerTest {
  private static final Duration TTL = Duration.ofMillis(1500);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ServiceId ECHO = ServiceId.of("dev.weft.EchoService:1.0");

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<RegistrySession> sessions = new ArrayList<>();
  private RegistryNode node;
  private RegistryServer server;

  @BeforeEach
  void start() throws Exception {
    node = new RegistryNode(new MemoryStore(TTL), Duration.ofMillis(20), Duration.ofMillis(200));
    node.ready().get(5, TimeUnit.SECONDS);
    server = RegistryServer.start(node, new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    sessions.forEach(s -> s.close(Duration.ofSeconds(1)));
    channels.forEach(ManagedChannel::shutdownNow);
    server.close();
    node.close();
    scheduler.shutdownNow();
  }

  private ManagedChannel channel() {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    channels.add(channel);
    return channel;
  }

  private RegistrySession session(String name, String zone, List<ClientState> states) {
    RegistrySession session = new RegistrySession(channel(), scheduler, name, zone, states::add);
    sessions.add(session);
    return session;
  }

  private RegistrySession session(String name) {
    return session(name, "zone-a", new CopyOnWriteArrayList<>());
  }

  private static Publication publication(String registId, int... ports) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int port : ports) {
      endpoints.add(new Endpoint("127.0.0.1", port, Protocol.BOLT, 100, "", Map.of()));
    }
    return new Publication(ECHO, registId, "", endpoints);
  }

  @Test
  void aSubscriberGetsTheFullListOnEveryChangeWithGrowingVersions() throws Exception {
    RecordedLists lists = new RecordedLists();
    session("consumer").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, lists);
    await().atMost(WAIT).until(() -> List.of().equals(lists.ports()));

    RegistrySession a = session("provider-a");
    RegistrySession b = session("provider-b");
    a.publish(publication("a", 12200)).get(5, TimeUnit.SECONDS);
    b.publish(publication("b", 12201, 12202)).get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200, 12201, 12202).equals(lists.ports()));
    assertThat(lists.seen.get(lists.seen.size() - 1).endpoints())
        .allSatisfy(e -> assertThat(e.zone()).isEqualTo("zone-a"));

    a.unpublish(ECHO, "a").get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12201, 12202).equals(lists.ports()));
  }

  @Test
  void aCleanCloseRemovesPublicationsAtOnceAndABrokenStreamAfterTheTtl() throws Exception {
    RecordedLists lists = new RecordedLists();
    session("consumer").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, lists);
    RegistrySession clean = session("clean");
    clean.publish(publication("clean", 1)).get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(1).equals(lists.ports()));
    long start = System.nanoTime();
    clean.close();
    await().atMost(WAIT).until(() -> List.of().equals(lists.ports()));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TTL);

    ManagedChannel crashing = channel();
    RegistrySession crashed = new RegistrySession(crashing, scheduler, "crashing", "", state -> {});
    crashed.publish(publication("crashed", 2)).get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(2).equals(lists.ports()));
    start = System.nanoTime();
    crashing.shutdownNow(); // as a process killed with -9: no clean end
    await().during(TTL.dividedBy(2)).atMost(WAIT).until(() -> List.of(2).equals(lists.ports()));
    await().atMost(WAIT).until(() -> List.of().equals(lists.ports()));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(TTL.dividedBy(2));
  }

  private static final Duration PING_AFTER = Duration.ofSeconds(10);

  @Test
  void aSessionWhoseHostVanishedIsFoundByAPingAndExpires() throws Exception {
    // The production server pings after 30 s of quiet; this one after 10 s, gRPC's shortest.
    RegistryServer pinging =
        RegistryServer.start(
            node, new InetSocketAddress("127.0.0.1", 0), PING_AFTER, Duration.ofMillis(300));
    try (FreezableRelay network =
        FreezableRelay.to(new InetSocketAddress("127.0.0.1", pinging.port()))) {
      RecordedLists lists = new RecordedLists();
      session("consumer").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, lists);
      ManagedChannel viaRelay =
          NettyChannelBuilder.forAddress("127.0.0.1", network.port()).usePlaintext().build();
      channels.add(viaRelay);
      RegistrySession vanishing =
          new RegistrySession(viaRelay, scheduler, "vanishing", "", state -> {});
      sessions.add(vanishing);
      vanishing.publish(publication("vanishing", 3)).get(5, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> List.of(3).equals(lists.ports()));

      network.freeze(); // no FIN, no RST: the stream stays open on the server's side

      await().atMost(PING_AFTER.plus(TTL).plus(WAIT)).until(() -> List.of().equals(lists.ports()));
    } finally {
      pinging.close();
    }
  }

  @Test
  void aSessionSurvivesARegistryRestartAndSubscribersNeverSeeAnOlderList() throws Exception {
    List<ClientState> states = new CopyOnWriteArrayList<>();
    RegistrySession provider = session("provider", "zone-a", states);
    provider.publish(publication("p", 12200)).get(5, TimeUnit.SECONDS);
    RecordedLists lists = new RecordedLists();
    session("consumer").subscribe(ECHO, Scope.SCOPE_DATA_CENTER, lists);
    await().atMost(WAIT).until(() -> List.of(12200).equals(lists.ports()));

    int port = server.port();
    server.close();
    await().atMost(WAIT).until(() -> states.contains(ClientState.DISCONNECTED));
    server = RegistryServer.start(node, new InetSocketAddress("127.0.0.1", port));
    await().atMost(WAIT).until(() -> states.get(states.size() - 1) == ClientState.OPEN);

    // The old session expires, the new one published the same endpoint: the list stays.
    await()
        .during(TTL.plusMillis(500))
        .atMost(WAIT)
        .until(() -> List.of(12200).equals(lists.ports()));
    provider.publish(publication("p", 12200, 12201)).get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> List.of(12200, 12201).equals(lists.ports()));
  }

  @Test
  void aSessionBackingOffReconnectsAtOnceWhenNudged() throws Exception {
    List<ClientState> states = new CopyOnWriteArrayList<>();
    RegistrySession provider = session("provider", "zone-a", states);
    provider.publish(publication("p", 12200)).get(5, TimeUnit.SECONDS);
    int port = server.port();
    server.close();
    // A server without the registry: every attempt is refused at once, so the backoff grows to
    // its maximum (200 ms doubling to 5 s) after six failures.
    io.grpc.Server refusing =
        io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", port))
            .build()
            .start();
    try {
      await()
          .atMost(WAIT.multipliedBy(2))
          .until(() -> states.stream().filter(s -> s == ClientState.DISCONNECTED).count() >= 6);
    } finally {
      refusing.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server = RegistryServer.start(node, new InetSocketAddress("127.0.0.1", port));
    long nudged = System.nanoTime();

    provider.reconnectNow();

    await().atMost(WAIT).until(() -> states.get(states.size() - 1) == ClientState.OPEN);
    assertThat(Duration.ofNanos(System.nanoTime() - nudged))
        .as("open well before the 5 s backoff ends")
        .isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void badRequestsAreRefusedWithTheFieldAndWhatWasExpected() {
    RegistrySession session = session("bad");
    Publication portless =
        new Publication(
            ECHO, "x", "", List.of(new Endpoint("127.0.0.1", 1, Protocol.BOLT, 100, "", Map.of())));
    // Endpoint records refuse bad ports themselves; send a bad message through the raw API.
    assertThat(session.publish(portless)).succeedsWithin(WAIT);
    var stub = RegistryGrpc.newBlockingStub(channel());
    var bad =
        RegistryProtos.publication(portless).toBuilder()
            .setEndpoints(
                0, RegistryProtos.endpoint(portless.endpoints().get(0)).toBuilder().setPort(70000))
            .build();
    assertThatThrownBy(
            () -> stub.register(RegisterRequest.newBuilder().setPublication(bad).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "publication.endpoints[0].port: expected a port from 1 to 65535, got -1");
            });
    RecordedLists lists = new RecordedLists();
    session.subscribe(ServiceId.of("x"), Scope.SCOPE_ZONE, lists);
    RegistrySession zoneless = session("zoneless", "", new CopyOnWriteArrayList<>());
    RecordedLists refused = new RecordedLists();
    zoneless.subscribe(ECHO, Scope.SCOPE_ZONE, refused);
    await().atMost(WAIT).until(() -> refused.refused != null);
    assertThat(refused.refused)
        .startsWith("subscribe.scope: expected a session opened with a zone");
    await().atMost(WAIT).until(() -> lists.ports() != null);
  }

  @Test
  void persistentRegistrationsAndTheReadApi() throws Exception {
    var registry = RegistryGrpc.newBlockingStub(channel());
    var query = RegistryQueryGrpc.newBlockingStub(channel());
    List<ServiceEndpoints> watched = new CopyOnWriteArrayList<>();
    RegistryQueryGrpc.newStub(channel())
        .watchServices(
            WatchServicesRequest.newBuilder().setDataIdPrefix("dev.weft.").build(),
            new StreamObserver<>() {
              @Override
              public void onNext(ServiceEndpoints value) {
                watched.add(value);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    var vm = RegistryProtos.publication(publication("10.0.0.5:12200", 12200));
    assertThat(
            registry
                .register(RegisterRequest.newBuilder().setPublication(vm).build())
                .getReplaced())
        .isFalse();
    assertThat(
            registry
                .register(RegisterRequest.newBuilder().setPublication(vm).build())
                .getReplaced())
        .isTrue();
    await()
        .atMost(WAIT)
        .until(
            () ->
                query.listServices(ListServicesRequest.getDefaultInstance()).getServicesCount()
                    == 1);
    ServiceEndpoints echo =
        query.getService(GetServiceRequest.newBuilder().setKey(RegistryProtos.key(ECHO)).build());
    assertThat(echo.getEndpoints(0).getPort()).isEqualTo(12200);
    assertThat(echo.getKey().getGroup()).isEqualTo("DEFAULT_GROUP");
    await().atMost(WAIT).until(() -> watched.size() == 1);

    var deregister =
        DeregisterRequest.newBuilder()
            .setKey(RegistryProtos.key(ECHO))
            .setRegistId("10.0.0.5:12200")
            .build();
    assertThat(registry.deregister(deregister).getFound()).isTrue();
    assertThat(registry.deregister(deregister).getFound()).isFalse();
    await().atMost(WAIT).until(() -> watched.size() == 2);
    assertThat(watched.get(1).getEndpointsCount()).isZero();
    assertThat(watched.get(1).getVersion()).isGreaterThan(watched.get(0).getVersion());
    assertThatThrownBy(
            () ->
                query.getService(
                    GetServiceRequest.newBuilder().setKey(RegistryProtos.key(ECHO)).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void aBadMessageInASessionIsAnsweredAndTheSessionCarriesOn() {
    List<SessionResponse> responses = new CopyOnWriteArrayList<>();
    StreamObserver<SessionRequest> requests =
        RegistryGrpc.newStub(channel())
            .session(
                new StreamObserver<>() {
                  @Override
                  public void onNext(SessionResponse value) {
                    responses.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(
        SessionRequest.newBuilder().setOpen(OpenSession.newBuilder().setClientName("raw")).build());
    var good = RegistryProtos.publication(publication("r", 1));
    var bad =
        good.toBuilder().setEndpoints(0, good.getEndpoints(0).toBuilder().setAddress("")).build();
    requests.onNext(
        SessionRequest.newBuilder()
            .setRequestId(1)
            .setPublish(Publish.newBuilder().setPublication(bad))
            .build());
    requests.onNext(
        SessionRequest.newBuilder()
            .setRequestId(2)
            .setPublish(Publish.newBuilder().setPublication(good))
            .build());
    await().atMost(WAIT).until(() -> responses.size() == 3);
    assertThat(responses.get(0).hasOpened()).isTrue();
    assertThat(responses.get(1).getResult().getRequestId()).isEqualTo(1);
    assertThat(responses.get(1).getResult().getError())
        .isEqualTo(
            "publish.publication.endpoints[0].address: expected an IP address or host name, got ''");
    assertThat(responses.get(2).getResult().getRequestId()).isEqualTo(2);
    assertThat(responses.get(2).getResult().getError()).isEmpty();
    await().atMost(WAIT).until(() -> node.view().service(ECHO).endpoints().size() == 1);
    requests.onCompleted();
    await().atMost(WAIT).until(() -> node.view().service(ECHO).endpoints().isEmpty());
  }

  @Test
  void aStreamThatDoesNotOpenFirstIsRefused() {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    StreamObserver<SessionRequest> requests =
        RegistryGrpc.newStub(channel())
            .session(
                new StreamObserver<>() {
                  @Override
                  public void onNext(SessionResponse value) {}

                  @Override
                  public void onError(Throwable t) {
                    errors.add(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(
        SessionRequest.newBuilder()
            .setPublish(
                Publish.newBuilder()
                    .setPublication(RegistryProtos.publication(publication("r", 1))))
            .build());
    await().atMost(WAIT).until(() -> !errors.isEmpty());
    assertThat(Status.fromThrowable(errors.get(0)).getDescription())
        .isEqualTo("the first message of a session must be open");
  }

  @Test
  void theDirectoryTracksWhatANodesSessionSubscribesToAndPublishesUntilItEnds() throws Exception {
    List<String> changed = new CopyOnWriteArrayList<>();
    node.sessions().addListener(changed::add);
    RegistrySession sidecar =
        new RegistrySession(channel(), scheduler, "sidecar", "zone-a", "node-1", s -> {});
    sessions.add(sidecar);
    session("no node id").publish(publication("other", 9)).get(5, TimeUnit.SECONDS);
    sidecar.publish(publication("mine", 12201)).get(5, TimeUnit.SECONDS);
    sidecar.subscribe(ECHO, Scope.SCOPE_ZONE, new RecordedLists());

    await()
        .atMost(WAIT)
        .until(
            () -> node.sessions().node("node-1").map(n -> n.subscriptions().size()).orElse(0) == 1);
    var sessionsOfNode = node.sessions().node("node-1").orElseThrow();
    assertThat(sessionsOfNode.zone()).isEqualTo("zone-a");
    assertThat(sessionsOfNode.subscriptions())
        .containsExactly(new dev.weft.registry.model.Subscription(ECHO, true));
    assertThat(sessionsOfNode.publications())
        .singleElement()
        .satisfies(p -> assertThat(p.registId()).isEqualTo("mine"));
    assertThat(node.sessions().nodes()).containsExactly("node-1");
    await()
        .atMost(WAIT)
        .alias("the client says when it has sent everything it holds")
        .until(() -> node.sessions().node("node-1").map(n -> n.synced()).orElse(false));
    assertThat(changed).contains("node-1");

    sidecar.unpublish(ECHO, "mine").get(5, TimeUnit.SECONDS);
    assertThat(node.sessions().node("node-1").orElseThrow().publications()).isEmpty();
    sidecar.close();
    await().atMost(WAIT).until(() -> node.sessions().node("node-1").isEmpty());
  }
}
