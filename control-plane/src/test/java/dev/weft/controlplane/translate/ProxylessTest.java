package dev.weft.controlplane.translate;

import static dev.weft.controlplane.translate.FakeMesh.GREETER;
import static dev.weft.controlplane.translate.FakeMesh.HELLO;
import static dev.weft.controlplane.translate.FakeMesh.TENANT_HELLO;
import static dev.weft.controlplane.translate.FakeMesh.endpoint;
import static dev.weft.controlplane.translate.FakeMesh.node;
import static dev.weft.controlplane.translate.FakeMesh.subscribing;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.Protocol;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Named resources as a proxyless gRPC client asks for them ({@code xds:///greeter}: LDS greeter,
 * RDS greeter, CDS greeter, EDS greeter), shaped as xds-notes.md section 3 requires.
 */
class ProxylessTest {
  private static final NodeInfo CLIENT = node("grpc-client", "zone-a");

  private final FakeMesh mesh =
      new FakeMesh().put(GREETER, 3, endpoint("10.0.0.7", 50051, Protocol.GRPC, 100, "zone-a"));
  private final Translator translator = new Translator(mesh);

  @Test
  void theListenerIsAnApiListenerRoutingOverAdsWithTheRouterLast() throws Exception {
    Listener listener = (Listener) named(ResourceType.LISTENER, "greeter", NodeDemand.NONE);

    assertThat(listener.getName()).as("equals the target's authority").isEqualTo("greeter");
    assertThat(listener.hasAddress()).isFalse();
    assertThat(listener.getApiListener().getApiListener().is(HttpConnectionManager.class)).isTrue();
    HttpConnectionManager hcm =
        listener.getApiListener().getApiListener().unpack(HttpConnectionManager.class);
    assertThat(hcm.getRds().getConfigSource().hasAds()).isTrue();
    assertThat(hcm.getRds().getRouteConfigName()).isEqualTo("greeter");
    assertThat(hcm.getXffNumTrustedHops()).isZero();
    assertThat(hcm.getOriginalIpDetectionExtensionsList()).isEmpty();
    assertThat(hcm.getHttpFiltersList()).isNotEmpty();
    HttpFilter last = hcm.getHttpFilters(hcm.getHttpFiltersCount() - 1);
    assertThat(last.getName()).isEqualTo("envoy.filters.http.router");
    assertThat(last.getTypedConfig().unpack(Router.class)).isEqualTo(Router.getDefaultInstance());
  }

  @Test
  void theRouteConfigurationSendsEveryAuthorityToTheCluster() {
    RouteConfiguration routes =
        (RouteConfiguration) named(ResourceType.ROUTE, "greeter", NodeDemand.NONE);

    assertThat(routes.getName()).isEqualTo("greeter");
    assertThat(routes.getVirtualHostsList()).hasSize(1);
    assertThat(routes.getVirtualHosts(0).getDomainsList()).containsExactly("*");
    Route route = routes.getVirtualHosts(0).getRoutes(0);
    assertThat(route.getMatch().getPrefix()).isEmpty();
    assertThat(route.getRoute().getCluster()).isEqualTo("greeter");
  }

  @Test
  void theClusterIsEdsOverAdsAndTheAssignmentHasWeightedLocalities() {
    Cluster cluster = (Cluster) named(ResourceType.CLUSTER, "greeter", NodeDemand.NONE);
    ClusterLoadAssignment assignment =
        (ClusterLoadAssignment) named(ResourceType.ENDPOINT, "greeter", NodeDemand.NONE);

    assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
    assertThat(cluster.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
    assertThat(cluster.getEdsClusterConfig().getServiceName()).isEqualTo("greeter");
    assertThat(cluster.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
    assertThat(assignment.getClusterName()).isEqualTo("greeter");
    assertThat(assignment.getEndpoints(0).getLoadBalancingWeight().getValue()).isEqualTo(100);
    assertThat(
            assignment
                .getEndpoints(0)
                .getLbEndpoints(0)
                .getEndpoint()
                .getAddress()
                .getSocketAddress()
                .getPortValue())
        .isEqualTo(50051);
  }

  @Test
  void unknownNamesAreAbsentForEveryType() {
    for (ResourceType type : ResourceType.values()) {
      Map<String, Message> resources =
          translator.named(
              type,
              Set.of(
                  "greeter",
                  "nobody",
                  "",
                  "bad\u0001name",
                  "greeter#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP"),
              CLIENT,
              NodeDemand.NONE);
      if (type == ResourceType.SECRET) {
        assertThat(resources).isEmpty();
      } else {
        assertThat(resources).as(type.name()).containsOnlyKeys("greeter");
      }
    }
  }

  @Test
  void aServiceWithoutEndpointsExistsOnlyForANodeThatSubscribesToIt() {
    mesh.put(GREETER, 4);

    for (ResourceType type :
        Set.of(
            ResourceType.LISTENER,
            ResourceType.ROUTE,
            ResourceType.CLUSTER,
            ResourceType.ENDPOINT)) {
      assertThat(translator.named(type, Set.of("greeter"), CLIENT, NodeDemand.NONE)).isEmpty();
      assertThat(translator.named(type, Set.of("greeter"), CLIENT, subscribing(GREETER)))
          .containsOnlyKeys("greeter");
    }
  }

  @Test
  void aServiceOfAnotherGroupIsNamedByItsDataInfoId() {
    mesh.put(TENANT_HELLO, 1, endpoint("10.0.0.8", 12200, Protocol.BOLT, 100, ""));
    String name = "com.example.HelloService:1.0#@#tenant-a#@#SOFA";

    RouteConfiguration routes =
        (RouteConfiguration) named(ResourceType.ROUTE, name, NodeDemand.NONE);

    assertThat(routes.getVirtualHosts(0).getRoutes(0).getRoute().getCluster()).isEqualTo(name);
    assertThat(
            translator.named(
                ResourceType.CLUSTER,
                Set.of("com.example.HelloService:1.0"),
                CLIENT,
                NodeDemand.NONE))
        .as("the default group's service has no endpoints")
        .isEmpty();
  }

  @Test
  void namedResourcesPassTheValidator() {
    for (ResourceType type : ResourceType.values()) {
      translator
          .named(type, Set.of("greeter"), CLIENT, NodeDemand.NONE)
          .values()
          .forEach(r -> assertThat(translator.invalid(type, r)).isEmpty());
    }
  }

  @Test
  void servicesNamedMapsServiceNamesBackAndSidecarNamesToNothing() {
    Set<String> names =
        Set.of(
            "greeter",
            "com.example.HelloService:1.0#@#tenant-a#@#SOFA",
            "egress_bolt",
            "egress_bolt_router",
            "ingress_http_12201",
            "ingress_dubbo_router",
            "ingress_bolt_app");

    for (ResourceType type :
        Set.of(
            ResourceType.LISTENER,
            ResourceType.ROUTE,
            ResourceType.CLUSTER,
            ResourceType.ENDPOINT)) {
      assertThat(translator.servicesNamed(type, names))
          .containsExactlyInAnyOrder(GREETER, TENANT_HELLO);
    }
    assertThat(translator.servicesNamed(ResourceType.SECRET, names)).isEmpty();
    assertThat(
            translator.servicesNamed(ResourceType.CLUSTER, Set.of("com.example.HelloService:1.0")))
        .containsExactly(HELLO);
  }

  private Message named(ResourceType type, String name, NodeDemand demand) {
    Map<String, Message> resources = translator.named(type, Set.of(name), CLIENT, demand);
    assertThat(resources).containsOnlyKeys(name);
    return resources.get(name);
  }
}
