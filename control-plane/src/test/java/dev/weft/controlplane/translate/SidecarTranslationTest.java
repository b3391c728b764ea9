package dev.weft.controlplane.translate;

import static dev.weft.controlplane.translate.FakeMesh.ECHO;
import static dev.weft.controlplane.translate.FakeMesh.HELLO;
import static dev.weft.controlplane.translate.FakeMesh.TENANT_HELLO;
import static dev.weft.controlplane.translate.FakeMesh.endpoint;
import static dev.weft.controlplane.translate.FakeMesh.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.weft.api.xds.v1.RpcProxy;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.Subscription;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Wildcard LDS/RDS/CDS for a sidecar: egress listeners, their routes, clusters. */
class SidecarTranslationTest {
  private static final NodeInfo NODE = node("sidecar-1", "zone-a");
  private static final NodeDemand SUBSCRIBER =
      new NodeDemand(
          Set.of(
              new Subscription(HELLO, false),
              new Subscription(ECHO, false),
              new Subscription(TENANT_HELLO, false)),
          List.of());

  private final Translator translator = new Translator(new FakeMesh());

  @Test
  void oneEgressListenerPerProtocolOnLoopback() throws Exception {
    Map<String, Message> listeners =
        translator.wildcard(ResourceType.LISTENER, NODE, NodeDemand.NONE);

    assertThat(listeners).containsOnlyKeys("egress_bolt", "egress_dubbo", "egress_http");
    assertThat(listeners.keySet()).containsExactly("egress_bolt", "egress_dubbo", "egress_http");
    for (Protocol protocol : List.of(Protocol.BOLT, Protocol.DUBBO, Protocol.HTTP)) {
      Listener listener = (Listener) listeners.get("egress_" + protocol.id());
      assertThat(listener.getName()).isEqualTo("egress_" + protocol.id());
      assertThat(listener.getAddress().getSocketAddress())
          .isEqualTo(
              SocketAddress.newBuilder()
                  .setAddress("127.0.0.1")
                  .setPortValue(NodeInfo.DEFAULT_EGRESS_PORTS.get(protocol))
                  .build());
      assertThat(listener.getTrafficDirection()).isEqualTo(TrafficDirection.OUTBOUND);
    }
    assertThat(filter(listeners, "egress_bolt").getName()).isEqualTo("weft.rpc_proxy");
    assertThat(filter(listeners, "egress_dubbo").getName())
        .isEqualTo("envoy.filters.network.dubbo_proxy");
    assertThat(filter(listeners, "egress_http").getName())
        .isEqualTo("envoy.filters.network.http_connection_manager");
  }

  @Test
  void onlyTheProtocolsTheNodeHasEgressPortsForAndNeverGrpc() {
    NodeInfo node = node("n", Map.of(Protocol.BOLT, 13000, Protocol.GRPC, 13001), Map.of());

    Map<String, Message> listeners = translator.wildcard(ResourceType.LISTENER, node, SUBSCRIBER);

    assertThat(listeners).containsOnlyKeys("egress_bolt");
    assertThat(((Listener) listeners.get("egress_bolt")).getAddress().getSocketAddress())
        .extracting(SocketAddress::getPortValue)
        .isEqualTo(13000);
    assertThat(translator.wildcard(ResourceType.ROUTE, node, SUBSCRIBER))
        .containsOnlyKeys("egress_bolt_router");
  }

  @Test
  void boltUsesTheRpcProxyWithRoutesFromRdsOverAds() throws Exception {
    Map<String, Message> listeners = translator.wildcard(ResourceType.LISTENER, NODE, SUBSCRIBER);

    RpcProxy proxy = filter(listeners, "egress_bolt").getTypedConfig().unpack(RpcProxy.class);

    assertThat(proxy.getStatPrefix()).isEqualTo("egress_bolt");
    assertThat(proxy.getProtocol()).isEqualTo("bolt");
    assertThat(proxy.getUpstreamProtocol()).isEqualTo("bolt");
    assertThat(proxy.getRds().getRouteConfigName()).isEqualTo("egress_bolt_router");
    assertThat(proxy.getRds().getConfigSource().hasAds()).isTrue();
  }

  @Test
  void boltRoutesMatchTheServiceHeaderOnePerSubscriptionInClusterOrder() {
    RouteConfiguration routes =
        (RouteConfiguration)
            translator.wildcard(ResourceType.ROUTE, NODE, SUBSCRIBER).get("egress_bolt_router");

    assertThat(routes.getVirtualHostsList()).hasSize(1);
    VirtualHost host = routes.getVirtualHosts(0);
    assertThat(host.getName()).isEqualTo("egress_bolt");
    assertThat(host.getDomainsList()).containsExactly("*");
    // The tenant's service shares HelloService's dataId: no request can tell them apart, the
    // first cluster name wins.
    assertThat(host.getRoutesList())
        .extracting(r -> r.getRoute().getCluster())
        .containsExactly("com.example.EchoService:1.0", "com.example.HelloService:1.0");
    Route hello = host.getRoutes(1);
    assertThat(hello.getMatch().getPrefix()).isEmpty();
    assertThat(hello.getMatch().getHeadersList()).hasSize(1);
    assertThat(hello.getMatch().getHeaders(0).getName()).isEqualTo("service");
    assertThat(hello.getMatch().getHeaders(0).getStringMatch().getExact())
        .isEqualTo("com.example.HelloService:1.0");
  }

  @Test
  void aServiceOfAnotherGroupIsRoutedToItsDataInfoIdCluster() {
    NodeDemand tenantOnly =
        new NodeDemand(Set.of(new Subscription(TENANT_HELLO, false)), List.of());

    RouteConfiguration routes =
        (RouteConfiguration)
            translator.wildcard(ResourceType.ROUTE, NODE, tenantOnly).get("egress_bolt_router");

    assertThat(routes.getVirtualHosts(0).getRoutes(0).getRoute().getCluster())
        .isEqualTo("com.example.HelloService:1.0#@#tenant-a#@#SOFA");
    assertThat(routes.getVirtualHosts(0).getRoutes(0).getMatch().getHeaders(0).getStringMatch())
        .extracting(m -> m.getExact())
        .isEqualTo("com.example.HelloService:1.0");
  }

  @Test
  void httpHasAVirtualHostPerServiceForItsNameWithAndWithoutTheEgressPort() throws Exception {
    HttpConnectionManager hcm =
        filter(translator.wildcard(ResourceType.LISTENER, NODE, SUBSCRIBER), "egress_http")
            .getTypedConfig()
            .unpack(HttpConnectionManager.class);
    RouteConfiguration routes =
        (RouteConfiguration)
            translator.wildcard(ResourceType.ROUTE, NODE, SUBSCRIBER).get("egress_http_router");

    assertThat(hcm.getRds().getRouteConfigName()).isEqualTo("egress_http_router");
    assertThat(hcm.getRds().getConfigSource().hasAds()).isTrue();
    assertThat(hcm.getHttpFiltersList())
        .extracting(f -> f.getName())
        .containsExactly("envoy.filters.http.router");
    assertThat(routes.getVirtualHostsList())
        .extracting(VirtualHost::getName)
        .containsExactly("com.example.EchoService:1.0", "com.example.HelloService:1.0");
    VirtualHost hello = routes.getVirtualHosts(1);
    assertThat(hello.getDomainsList())
        .containsExactly("com.example.HelloService:1.0", "com.example.HelloService:1.0:12240");
    assertThat(hello.getRoutes(0).getMatch().getPrefix()).isEqualTo("/");
    assertThat(hello.getRetryPolicy().getRetryOn())
        .isEqualTo("connect-failure,refused-stream,retriable-status-codes");
    assertThat(hello.getRetryPolicy().getRetriableStatusCodesList()).containsExactly(503);
    assertThat(hello.getRetryPolicy().getNumRetries().getValue()).isEqualTo(2);
    assertThat(hello.getRetryPolicy().getRetryHostPredicateList())
        .extracting(p -> p.getName())
        .containsExactly("envoy.retry_host_predicates.previous_hosts");
    assertThat(hello.getRoutes(0).getRoute().getCluster())
        .isEqualTo("com.example.HelloService:1.0");
  }

  @Test
  void dubboRoutesAreInlineByInterfaceAndAnyMethod() throws Exception {
    DubboProxy proxy =
        filter(translator.wildcard(ResourceType.LISTENER, NODE, SUBSCRIBER), "egress_dubbo")
            .getTypedConfig()
            .unpack(DubboProxy.class);

    assertThat(proxy.getStatPrefix()).isEqualTo("egress_dubbo");
    assertThat(proxy.getRouteSpecifierCase())
        .isEqualTo(DubboProxy.RouteSpecifierCase.MULTIPLE_ROUTE_CONFIG);
    assertThat(proxy.getMultipleRouteConfig().getName()).isEqualTo("egress_dubbo_router");
    var configs = proxy.getMultipleRouteConfig().getRouteConfigList();
    assertThat(configs)
        .extracting(c -> c.getInterface())
        .containsExactly("com.example.EchoService:1.0", "com.example.HelloService:1.0");
    var route = configs.get(1).getRoutes(0);
    assertThat(route.getMatch().getMethod().getName().getSafeRegex().getRegex()).isEqualTo(".*");
    assertThat(route.getRoute().getCluster()).isEqualTo("com.example.HelloService:1.0");
    assertThat(translator.wildcard(ResourceType.ROUTE, NODE, SUBSCRIBER))
        .as("dubbo has no RDS resource")
        .doesNotContainKey("egress_dubbo_router");
  }

  @Test
  void oneEdsClusterOverAdsPerSubscription() {
    Map<String, Message> clusters = translator.wildcard(ResourceType.CLUSTER, NODE, SUBSCRIBER);

    assertThat(clusters.keySet())
        .containsExactly(
            "com.example.EchoService:1.0",
            "com.example.HelloService:1.0",
            "com.example.HelloService:1.0#@#tenant-a#@#SOFA");
    Cluster tenant = (Cluster) clusters.get("com.example.HelloService:1.0#@#tenant-a#@#SOFA");
    assertThat(tenant.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
    assertThat(tenant.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
    assertThat(tenant.getEdsClusterConfig().getServiceName()).isEqualTo(tenant.getName());
    assertThat(tenant.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
    assertThat(tenant.getConnectTimeout().getSeconds()).isEqualTo(1);
  }

  @Test
  void sidecarResourcesCanBeAskedForByName() {
    assertThat(
            translator.named(
                ResourceType.ROUTE,
                Set.of("egress_bolt_router", "egress_http_router", "ingress_bolt_router"),
                NODE,
                SUBSCRIBER))
        .containsOnlyKeys("egress_bolt_router", "egress_http_router");
    assertThat(translator.named(ResourceType.LISTENER, Set.of("egress_dubbo"), NODE, SUBSCRIBER))
        .containsOnlyKeys("egress_dubbo");
    NodeInfo boltOnly = node("n", Map.of(Protocol.BOLT, 12220), Map.of());
    assertThat(translator.named(ResourceType.LISTENER, Set.of("egress_http"), boltOnly, SUBSCRIBER))
        .isEmpty();
  }

  @Test
  void everythingTranslatedPassesTheValidatorAndSecretsAreEmpty() {
    NodeDemand both =
        new NodeDemand(
            SUBSCRIBER.subscriptions(),
            List.of(
                new Publication(
                    HELLO, "r", "", List.of(endpoint("10.0.0.5", 12201, Protocol.BOLT, 1, "")))));
    for (ResourceType type : ResourceType.values()) {
      translator
          .wildcard(type, NODE, both)
          .forEach(
              (name, resource) ->
                  assertThat(translator.invalid(type, resource)).as(type + " " + name).isEmpty());
    }
    assertThat(translator.wildcard(ResourceType.SECRET, NODE, both)).isEmpty();
    assertThat(translator.named(ResourceType.SECRET, Set.of("x"), NODE, both)).isEmpty();
  }

  private static Filter filter(Map<String, Message> listeners, String name) {
    Listener listener = (Listener) listeners.get(name);
    assertThat(listener.getFilterChainsList()).hasSize(1);
    assertThat(listener.getFilterChains(0).getFiltersList()).hasSize(1);
    return listener.getFilterChains(0).getFilters(0);
  }
}
