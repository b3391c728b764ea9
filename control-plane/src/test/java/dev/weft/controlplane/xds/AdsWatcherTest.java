package dev.weft.controlplane.xds;

import static dev.weft.controlplane.xds.AdsClient.node;
import static dev.weft.controlplane.xds.AdsClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.Subscription;
import dev.weft.testing.net.FreezableRelay;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdsWatcherTest {
  private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
  private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration SILENCE = Duration.ofMillis(700);

  private final FakeMesh mesh = new FakeMesh();
  private final FakeSource source = new FakeSource();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private XdsServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = server();
    channel = channel(server);
  }

  private XdsServer server() throws Exception {
    XdsServer started =
        XdsServer.start(
            new InetSocketAddress("127.0.0.1", 0), source, mesh, Duration.ofMillis(300));
    closing.add(started);
    return started;
  }

  private ManagedChannel channel(XdsServer target) {
    return channel(
        NettyChannelBuilder.forAddress("127.0.0.1", target.port()).usePlaintext().build());
  }

  private ManagedChannel channel(ManagedChannel opened) {
    closing.add(0, opened::shutdownNow);
    return opened;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private AdsClient<DiscoveryRequest, DiscoveryResponse> sotw() {
    AdsClient<DiscoveryRequest, DiscoveryResponse> client = AdsClient.sotw(channel);
    closing.add(0, client);
    return client;
  }

  private static List<String> clusterNames(DiscoveryResponse response) throws Exception {
    List<String> names = new ArrayList<>();
    for (var any : response.getResourcesList()) {
      names.add(any.unpack(Cluster.class).getName());
    }
    return names;
  }

  @Test
  void aStreamWhoseClientVanishedIsClosedByAPing() throws Exception {
    // The production server pings after 30 s of quiet; this one after 10 s, gRPC's shortest.
    Duration pingAfter = Duration.ofSeconds(10);
    XdsServer pinging =
        XdsServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            source,
            mesh,
            Duration.ofMillis(300),
            pingAfter,
            Duration.ofMillis(300));
    closing.add(pinging);
    FreezableRelay network = FreezableRelay.to(new InetSocketAddress("127.0.0.1", pinging.port()));
    closing.add(network);
    source.clusters.put("a", 1);
    AdsClient<DiscoveryRequest, DiscoveryResponse> ads =
        AdsClient.sotw(
            channel(
                NettyChannelBuilder.forAddress("127.0.0.1", network.port())
                    .usePlaintext()
                    .build()));
    closing.add(0, ads);
    ads.send(request(node("vanishing"), CDS, List.of(), "", ""));
    assertThat(clusterNames(ads.next(WAIT))).containsExactly("a");
    assertThat(pinging.isConnected("vanishing")).isTrue();

    network.freeze(); // no FIN, no RST: the stream stays open on the server's side

    await().atMost(pingAfter.plus(WAIT)).until(() -> !pinging.isConnected("vanishing"));
    assertThat(pinging.streamCount()).isZero();
  }

  @Test
  void aNackIsRecordedAndNeverAnsweredWithTheVersionItRejected() throws Exception {
    source.clusters.put("a", 1);
    mesh.demands.put("n1", new NodeDemand(Set.of(sub("a")), List.of()));
    var ads = sotw();
    Node node = node("n1");
    ads.send(request(node, CDS, List.of(), "", ""));
    DiscoveryResponse first = ads.next(WAIT);
    assertThat(clusterNames(first)).containsExactly("a");

    ads.send(
        request(null, CDS, List.of(), "", first.getNonce()).toBuilder()
            .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(3).setMessage("no thanks"))
            .build());
    assertThat(ads.nextOrNull(SILENCE)).as("the rejected version is not re-sent").isNull();
    assertThat(server.stats().nacks()).isEqualTo(1);
    TypeStatus status = server.streams().get(0).types().get(0);
    assertThat(status.nackError()).isEqualTo("no thanks");
    assertThat(status.nackedVersion()).isEqualTo(first.getVersionInfo());

    source.clusters.put("a", 2);
    mesh.changed("a");
    DiscoveryResponse second = ads.next(WAIT);
    assertThat(second.getVersionInfo()).isNotEqualTo(first.getVersionInfo());
    ads.send(request(null, CDS, List.of(), second.getVersionInfo(), second.getNonce()));
    assertThat(ads.nextOrNull(SILENCE)).as("an ACK gets no answer").isNull();
    assertThat(server.streams().get(0).types().get(0).ackedVersion())
        .isEqualTo(second.getVersionInfo());
  }

  @Test
  void anInvalidResourceNeverReachesTheClient() throws Exception {
    source.clusters.put("a", 1);
    source.clusters.put("bad", 1);
    var ads = sotw();
    ads.send(request(node("n1"), CDS, List.of(), "", ""));
    assertThat(clusterNames(ads.next(WAIT))).containsExactly("a");
    assertThat(server.stats().invalidResources()).isPositive();
  }

  @Test
  void aRemovedClusterLeavesCdsOnlyAfterTheRoutesThatNamedIt() throws Exception {
    source.clusters.put("a", 1);
    source.clusters.put("b", 1);
    mesh.demands.put("n1", new NodeDemand(Set.of(sub("a"), sub("b")), List.of()));
    var ads = sotw();
    ads.send(request(node("n1"), CDS, List.of(), "", ""));
    DiscoveryResponse clusters = ads.next(WAIT);
    assertThat(clusterNames(clusters)).containsExactly("a", "b");
    ads.send(request(null, CDS, List.of(), clusters.getVersionInfo(), clusters.getNonce()));
    ads.send(request(null, RDS, List.of("routes"), "", ""));
    DiscoveryResponse routes = ads.next(WAIT);
    assertThat(routes.getTypeUrl()).isEqualTo(RDS);
    ads.send(request(null, RDS, List.of("routes"), routes.getVersionInfo(), routes.getNonce()));

    source.clusters.remove("b");
    mesh.demands.put("n1", new NodeDemand(Set.of(sub("a")), List.of()));
    mesh.demandChanged("n1");

    DiscoveryResponse newRoutes = ads.next(WAIT);
    assertThat(newRoutes.getTypeUrl()).as("routes change first").isEqualTo(RDS);
    RouteConfiguration config = newRoutes.getResources(0).unpack(RouteConfiguration.class);
    assertThat(config.getVirtualHosts(0).getRoutesList())
        .extracting(r -> r.getRoute().getCluster())
        .containsExactly("a");
    ads.send(
        request(null, RDS, List.of("routes"), newRoutes.getVersionInfo(), newRoutes.getNonce()));
    DiscoveryResponse fewer = ads.next(WAIT);
    assertThat(fewer.getTypeUrl()).isEqualTo(CDS);
    assertThat(clusterNames(fewer)).containsExactly("a");
  }

  @Test
  void aClientReconnectingWithTheCurrentVersionGetsNoRepushEvenFromAnotherReplica()
      throws Exception {
    source.clusters.put("a", 1);
    var ads = sotw();
    ads.send(request(node("n1"), CDS, List.of(), "", ""));
    DiscoveryResponse first = ads.next(WAIT);
    ads.close();

    XdsServer replica = server();
    var again = AdsClient.sotw(channel(replica));
    closing.add(0, again);
    again.send(request(node("n1"), CDS, List.of(), first.getVersionInfo(), ""));
    assertThat(again.nextOrNull(SILENCE)).isNull();

    var fresh = AdsClient.sotw(channel(replica));
    closing.add(0, fresh);
    fresh.send(request(node("n2"), CDS, List.of(), "", ""));
    assertThat(fresh.next(WAIT).getVersionInfo())
        .as("content-hash versions agree across replicas")
        .isEqualTo(first.getVersionInfo());
  }

  @Test
  void aStreamWhoseFirstRequestHasNoNodeIsRefused() throws Exception {
    var ads = sotw();
    ads.send(request(null, CDS, List.of(), "", ""));
    Throwable error = ads.errors.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(Status.fromThrowable(error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.fromThrowable(error).getDescription()).contains("must carry the node");
  }

  @Test
  void deltaAdsSendsOnlyWhatChangedAndNamesWhatWasRemoved() throws Exception {
    source.clusters.put("a", 1);
    source.clusters.put("b", 1);
    mesh.demands.put("n1", new NodeDemand(Set.of(sub("a"), sub("b")), List.of()));
    var ads = AdsClient.delta(channel);
    closing.add(0, ads);
    ads.send(DeltaDiscoveryRequest.newBuilder().setNode(node("n1")).setTypeUrl(CDS).build());
    DeltaDiscoveryResponse first = ads.next(WAIT);
    assertThat(first.getResourcesList())
        .extracting(r -> r.getName())
        .containsExactlyInAnyOrder("a", "b");
    ads.send(ack(first));

    source.clusters.put("a", 2);
    mesh.changed("a");
    DeltaDiscoveryResponse changed = ads.next(WAIT);
    assertThat(changed.getResourcesList()).extracting(r -> r.getName()).containsExactly("a");
    assertThat(changed.getRemovedResourcesList()).isEmpty();
    ads.send(ack(changed));

    source.clusters.remove("b");
    mesh.demands.put("n1", new NodeDemand(Set.of(sub("a")), List.of()));
    mesh.demandChanged("n1");
    DeltaDiscoveryResponse removed = ads.next(WAIT);
    assertThat(removed.getResourcesList()).isEmpty();
    assertThat(removed.getRemovedResourcesList()).containsExactly("b");
  }

  private static DeltaDiscoveryRequest ack(DeltaDiscoveryResponse response) {
    return DeltaDiscoveryRequest.newBuilder()
        .setTypeUrl(response.getTypeUrl())
        .setResponseNonce(response.getNonce())
        .build();
  }

  private static Subscription sub(String name) {
    return new Subscription(ServiceId.of(name), false);
  }

  static Cluster unpack(com.google.protobuf.Any any) throws InvalidProtocolBufferException {
    return any.unpack(Cluster.class);
  }
}
