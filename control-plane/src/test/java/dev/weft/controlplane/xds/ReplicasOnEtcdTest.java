package dev.weft.controlplane.xds;

import static dev.weft.controlplane.xds.AdsClient.node;
import static dev.weft.controlplane.xds.AdsClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.controlplane.ControlPlane;
import dev.weft.controlplane.ControlPlaneSettings;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.etcd.EtcdStore;
import dev.weft.registry.store.etcd.EtcdStoreSettings;
import dev.weft.testing.etcd.EtcdExtension;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two control-plane replicas on one etcd serve the same resources under the same versions. */
class ReplicasOnEtcdTest {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  private static final String SERVICE = "dev.weft.EchoService:1.0";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<String> TYPES =
      List.of(
          Resources.V3.LISTENER_TYPE_URL,
          Resources.V3.ROUTE_TYPE_URL,
          Resources.V3.CLUSTER_TYPE_URL,
          Resources.V3.ENDPOINT_TYPE_URL);

  private final String root = "/weft-test/" + UUID.randomUUID() + "/";
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    scheduler.shutdownNow();
  }

  private ControlPlane replica() throws Exception {
    EtcdStore store =
        new EtcdStore(
            EtcdEndpoints.parse(etcd.endpoints()),
            EtcdStoreSettings.defaults()
                .withRootPrefix(root)
                .withSessionTtl(Duration.ofSeconds(3)));
    ControlPlane replica = ControlPlane.start(ControlPlaneSettings.loopback(store));
    replica.registry().ready().get(30, TimeUnit.SECONDS);
    closing.add(0, replica);
    return replica;
  }

  private ManagedChannel channel(int port) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    closing.add(0, channel::shutdownNow);
    return channel;
  }

  /** The proxyless resources of SERVICE, each type's response, from one replica. */
  private Map<String, DiscoveryResponse> resources(ControlPlane replica) throws Exception {
    var ads = AdsClient.sotw(channel(replica.xdsPort()));
    closing.add(0, ads);
    Map<String, DiscoveryResponse> byType = new LinkedHashMap<>();
    for (String type : TYPES) {
      ads.send(request(node("reader"), type, List.of(SERVICE), "", ""));
      DiscoveryResponse response = ads.next(WAIT);
      assertThat(response.getTypeUrl()).isEqualTo(type);
      byType.put(type, response);
    }
    return byType;
  }

  @Test
  void twoReplicasGiveTheSameResourcesUnderTheSameVersions() throws Exception {
    ControlPlane a = replica();
    ControlPlane b = replica();
    RegistrySession provider =
        new RegistrySession(channel(a.registryPort()), scheduler, "provider", "zone-1", s -> {});
    closing.add(0, provider::close);
    provider
        .publish(
            new Publication(
                ServiceId.of(SERVICE),
                "p1",
                "",
                List.of(new Endpoint("127.0.0.1", 12201, Protocol.GRPC, 100, "", Map.of()))))
        .get(10, TimeUnit.SECONDS);
    await()
        .atMost(WAIT)
        .until(() -> !b.registry().view().service(ServiceId.of(SERVICE)).endpoints().isEmpty());

    Map<String, DiscoveryResponse> fromA = resources(a);
    Map<String, DiscoveryResponse> fromB = resources(b);
    for (String type : TYPES) {
      assertThat(fromA.get(type).getResourcesCount()).as(type).isEqualTo(1);
      assertThat(fromB.get(type).getVersionInfo())
          .as(type)
          .isEqualTo(fromA.get(type).getVersionInfo());
      assertThat(fromB.get(type).getResources(0))
          .as(type)
          .isEqualTo(fromA.get(type).getResources(0));
    }
    ClusterLoadAssignment endpoints =
        fromA
            .get(Resources.V3.ENDPOINT_TYPE_URL)
            .getResources(0)
            .unpack(ClusterLoadAssignment.class);
    assertThat(
            endpoints
                .getEndpoints(0)
                .getLbEndpoints(0)
                .getEndpoint()
                .getAddress()
                .getSocketAddress()
                .getPortValue())
        .isEqualTo(12201);
  }

  static DiscoveryRequest ack(DiscoveryResponse response) {
    return request(
        null,
        response.getTypeUrl(),
        List.of(SERVICE),
        response.getVersionInfo(),
        response.getNonce());
  }
}
