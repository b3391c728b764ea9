package dev.weft.controlplane.xds;

import static dev.weft.controlplane.xds.AdsClient.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.registry.v1.Scope;
import dev.weft.controlplane.ControlPlane;
import dev.weft.controlplane.ControlPlaneSettings;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.memory.MemoryStore;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sidecar whose registry session carries its node id gets clusters for what it subscribes to and
 * an ingress listener for what it publishes; the admin API shows it.
 */
class SidecarNodeTest {
  private static final String ECHO = "dev.weft.EchoService:1.0";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private ControlPlane controlPlane;

  @BeforeEach
  void start() throws Exception {
    controlPlane =
        ControlPlane.start(ControlPlaneSettings.loopback(new MemoryStore(Duration.ofSeconds(5))));
    closing.add(controlPlane);
    controlPlane.registry().ready().get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    scheduler.shutdownNow();
  }

  private ManagedChannel channel(int port) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    closing.add(0, channel::shutdownNow);
    return channel;
  }

  private RegistrySession session(String name, String nodeId) {
    RegistrySession session =
        new RegistrySession(
            channel(controlPlane.registryPort()), scheduler, name, "zone-1", nodeId, s -> {});
    closing.add(0, session::close);
    return session;
  }

  private static Publication publication(String registId, int port) {
    return new Publication(
        ServiceId.of(ECHO),
        registId,
        "",
        List.of(new Endpoint("127.0.0.1", port, Protocol.BOLT, 100, "", Map.of())));
  }

  private static Node sidecar(String id) {
    return Node.newBuilder()
        .setId(id)
        .setMetadata(
            Struct.newBuilder()
                .putFields("weft.session", Value.newBuilder().setBoolValue(true).build()))
        .build();
  }

  @Test
  void subscriptionsBecomeClustersAndPublicationsIngressListeners() throws Exception {
    session("provider", "").publish(publication("p1", 12201)).get(5, TimeUnit.SECONDS);
    RegistrySession mine = session("sidecar", "consumer-1");
    mine.subscribe(ServiceId.of(ECHO), Scope.SCOPE_DATA_CENTER, list -> {});
    mine.publish(publication("self", 12301)).get(5, TimeUnit.SECONDS);

    var ads = AdsClient.sotw(channel(controlPlane.xdsPort()));
    closing.add(0, ads);
    ads.send(request(sidecar("consumer-1"), Resources.V3.CLUSTER_TYPE_URL, List.of(), "", ""));
    DiscoveryResponse clusters = ads.next(WAIT);
    List<String> clusterNames = new ArrayList<>();
    for (var any : clusters.getResourcesList()) {
      clusterNames.add(any.unpack(Cluster.class).getName());
    }
    assertThat(clusterNames).contains(ECHO);
    ads.send(
        request(
            null,
            Resources.V3.CLUSTER_TYPE_URL,
            List.of(),
            clusters.getVersionInfo(),
            clusters.getNonce()));

    ads.send(request(null, Resources.V3.ENDPOINT_TYPE_URL, List.of(ECHO), "", ""));
    DiscoveryResponse endpoints = ads.next(WAIT);
    ClusterLoadAssignment assignment =
        endpoints.getResources(0).unpack(ClusterLoadAssignment.class);
    assertThat(assignment.getEndpointsList())
        .flatExtracting(l -> l.getLbEndpointsList())
        .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getPortValue())
        .containsExactlyInAnyOrder(12201, 12301);

    ads.send(request(null, Resources.V3.LISTENER_TYPE_URL, List.of(), "", ""));
    DiscoveryResponse listeners = ads.next(WAIT);
    List<String> listenerNames = new ArrayList<>();
    for (var any : listeners.getResourcesList()) {
      listenerNames.add(any.unpack(Listener.class).getName());
    }
    assertThat(listenerNames).contains("egress_bolt", "ingress_bolt_12301");

    HttpClient http = HttpClient.newHttpClient();
    String nodes = get(http, "/debug/nodes");
    assertThat(nodes).contains("\"node\": \"consumer-1\"", ECHO, clusters.getVersionInfo());
    String config = get(http, "/debug/config?node=consumer-1");
    assertThat(config).contains(Resources.V3.CLUSTER_TYPE_URL, "ingress_bolt_12301");
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + controlPlane.adminPort()
                            + "/debug/config?node=consumer-2"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no connected node 'consumer-2'");
    String metrics = get(http, "/metrics");
    assertThat(metrics).contains("weft_xds_connected_streams 1", "weft_xds_pushes_total");
    assertThat(metrics).containsPattern("weft_xds_acks_total [1-9]");
  }

  /**
   * A session of node {@code nodeId} that has subscribed to ECHO but not yet said it sent
   * everything it holds ({@code synced}), as a sidecar's session right after a reconnect.
   */
  private io.grpc.stub.StreamObserver<dev.weft.api.registry.v1.SessionRequest> unsyncedSession(
      String nodeId) {
    var responses =
        new java.util.concurrent.LinkedBlockingQueue<dev.weft.api.registry.v1.SessionResponse>();
    io.grpc.stub.StreamObserver<dev.weft.api.registry.v1.SessionRequest> raw =
        dev.weft.api.registry.v1.RegistryGrpc.newStub(channel(controlPlane.registryPort()))
            .session(
                new io.grpc.stub.StreamObserver<>() {
                  @Override
                  public void onNext(dev.weft.api.registry.v1.SessionResponse value) {
                    responses.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                });
    closing.add(0, raw::onCompleted);
    raw.onNext(
        dev.weft.api.registry.v1.SessionRequest.newBuilder()
            .setOpen(
                dev.weft.api.registry.v1.OpenSession.newBuilder()
                    .setClientName("raw")
                    .setNodeId(nodeId))
            .build());
    raw.onNext(
        dev.weft.api.registry.v1.SessionRequest.newBuilder()
            .setRequestId(1)
            .setSubscribe(
                dev.weft.api.registry.v1.Subscribe.newBuilder()
                    .setSubscriptionId("s1")
                    .setKey(dev.weft.registry.proto.RegistryProtos.key(ServiceId.of(ECHO))))
            .build());
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                controlPlane
                        .registry()
                        .sessions()
                        .node(nodeId)
                        .map(n -> n.subscriptions().size())
                        .orElse(0)
                    == 1);
    return raw;
  }

  private static void synced(
      io.grpc.stub.StreamObserver<dev.weft.api.registry.v1.SessionRequest> session) {
    session.onNext(
        dev.weft.api.registry.v1.SessionRequest.newBuilder()
            .setSynced(dev.weft.api.registry.v1.Synced.getDefaultInstance())
            .build());
  }

  @Test
  void aSessionBackedNodeIsAnsweredOnlyOnceItsSessionSaysItSentEverything() throws Exception {
    session("provider", "").publish(publication("p1", 12201)).get(5, TimeUnit.SECONDS);
    var raw = unsyncedSession("slow-1");

    var ads = AdsClient.sotw(channel(controlPlane.xdsPort()));
    closing.add(0, ads);
    ads.send(request(sidecar("slow-1"), Resources.V3.CLUSTER_TYPE_URL, List.of(), "", ""));
    assertThat(ads.nextOrNull(Duration.ofMillis(800)))
        .as("no answer while the session may still be sending what it holds")
        .isNull();

    synced(raw);
    DiscoveryResponse clusters = ads.next(WAIT);
    List<String> names = new ArrayList<>();
    for (var any : clusters.getResourcesList()) {
      names.add(any.unpack(Cluster.class).getName());
    }
    assertThat(names).contains(ECHO);
  }

  @Test
  void aReconnectingNodeAskingForItsRoutesByNameWaitsForItsSessionToo() throws Exception {
    var raw = unsyncedSession("slow-2");

    // A sidecar reconnecting to a replica asks for what it holds at once, route configurations
    // by name among them; those are built from its session's demand.
    var ads = AdsClient.sotw(channel(controlPlane.xdsPort()));
    closing.add(0, ads);
    ads.send(
        request(
            sidecar("slow-2"), Resources.V3.ROUTE_TYPE_URL, List.of("egress_bolt_router"), "", ""));
    assertThat(ads.nextOrNull(Duration.ofMillis(800)))
        .as("no route configuration built without the session's subscriptions")
        .isNull();

    synced(raw);
    DiscoveryResponse routes = ads.next(WAIT);
    RouteConfiguration routeConfig = routes.getResources(0).unpack(RouteConfiguration.class);
    assertThat(routeConfig.getName()).isEqualTo("egress_bolt_router");
    assertThat(routeConfig.getVirtualHostsList())
        .flatExtracting(VirtualHost::getRoutesList)
        .extracting(route -> route.getRoute().getCluster())
        .contains(ECHO);
  }

  private String get(HttpClient http, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + controlPlane.adminPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
