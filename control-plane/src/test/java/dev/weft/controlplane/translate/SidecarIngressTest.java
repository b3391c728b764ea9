package dev.weft.controlplane.translate;

import static dev.weft.controlplane.translate.FakeMesh.ECHO;
import static dev.weft.controlplane.translate.FakeMesh.HELLO;
import static dev.weft.controlplane.translate.FakeMesh.endpoint;
import static dev.weft.controlplane.translate.FakeMesh.node;
import static dev.weft.controlplane.translate.FakeMesh.publishing;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.weft.api.xds.v1.RpcProxy;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A sidecar's ingress: a listener per published protocol and port, routed to the local app. */
class SidecarIngressTest {
  private final Translator translator = new Translator(new FakeMesh());

  @Test
  void ingressListenersPerPublishedProtocolAndPortToTheAppOnLoopback() throws Exception {
    NodeInfo node =
        node(
            "provider",
            NodeInfo.DEFAULT_EGRESS_PORTS,
            Map.of(Protocol.BOLT, 12200, Protocol.DUBBO, 20880, Protocol.HTTP, 8080));
    NodeDemand demand =
        new NodeDemand(
            Set.of(),
            List.of(
                new Publication(
                    HELLO,
                    "r1",
                    "zone-a",
                    List.of(
                        endpoint("10.0.0.5", 12201, Protocol.BOLT, 100, ""),
                        endpoint("10.0.0.5", 20881, Protocol.DUBBO, 100, ""))),
                new Publication(
                    ECHO,
                    "r2",
                    "zone-a",
                    List.of(
                        endpoint("10.0.0.5", 12201, Protocol.BOLT, 100, ""),
                        endpoint("10.0.0.5", 12202, Protocol.BOLT, 100, ""),
                        endpoint("10.0.0.5", 12200, Protocol.BOLT, 100, ""),
                        endpoint("10.0.0.5", 9090, Protocol.GRPC, 100, "")))));

    Map<String, Message> listeners = translator.wildcard(ResourceType.LISTENER, node, demand);
    Map<String, Message> routes = translator.wildcard(ResourceType.ROUTE, node, demand);
    Map<String, Message> clusters = translator.wildcard(ResourceType.CLUSTER, node, demand);

    // 12200 is the app's own port (a listener there would loop); gRPC is served proxyless.
    assertThat(listeners)
        .containsOnlyKeys(
            "egress_bolt",
            "egress_dubbo",
            "egress_http",
            "ingress_bolt_12201",
            "ingress_bolt_12202",
            "ingress_dubbo_20881");
    Listener bolt = (Listener) listeners.get("ingress_bolt_12202");
    assertThat(bolt.getAddress().getSocketAddress().getAddress()).isEqualTo("0.0.0.0");
    assertThat(bolt.getAddress().getSocketAddress().getPortValue()).isEqualTo(12202);
    assertThat(bolt.getTrafficDirection()).isEqualTo(TrafficDirection.INBOUND);
    RpcProxy proxy =
        filter(listeners, "ingress_bolt_12201").getTypedConfig().unpack(RpcProxy.class);
    assertThat(proxy.getRds().getRouteConfigName()).isEqualTo("ingress_bolt_router");
    assertThat(proxy.getStatPrefix()).isEqualTo("ingress_bolt_12201");

    RouteConfiguration boltRoutes = (RouteConfiguration) routes.get("ingress_bolt_router");
    assertThat(boltRoutes.getVirtualHosts(0).getDomainsList()).containsExactly("*");
    assertThat(boltRoutes.getVirtualHosts(0).getRoutesList())
        .singleElement()
        .satisfies(r -> assertThat(r.getRoute().getCluster()).isEqualTo("ingress_bolt_app"))
        .satisfies(r -> assertThat(r.getMatch().getHeadersList()).isEmpty());

    DubboProxy dubbo =
        filter(listeners, "ingress_dubbo_20881").getTypedConfig().unpack(DubboProxy.class);
    assertThat(dubbo.getMultipleRouteConfig().getName()).isEqualTo("ingress_dubbo_router");
    assertThat(dubbo.getMultipleRouteConfig().getRouteConfig(0).getInterface()).isEqualTo("*");
    assertThat(
            dubbo.getMultipleRouteConfig().getRouteConfig(0).getRoutes(0).getRoute().getCluster())
        .isEqualTo("ingress_dubbo_app");

    assertThat(clusters).containsOnlyKeys("ingress_bolt_app", "ingress_dubbo_app");
    Cluster app = (Cluster) clusters.get("ingress_bolt_app");
    assertThat(app.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
    assertThat(app.getLoadAssignment().getClusterName()).isEqualTo("ingress_bolt_app");
    var target =
        app.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress();
    assertThat(target.getSocketAddress().getAddress()).isEqualTo("127.0.0.1");
    assertThat(target.getSocketAddress().getPortValue()).isEqualTo(12200);
  }

  @Test
  void httpIngressRoutesEveryPathToTheApp() throws Exception {
    NodeInfo node = node("web", Map.of(), Map.of(Protocol.HTTP, 8080));
    NodeDemand demand = publishing(endpoint("10.0.0.5", 8081, Protocol.HTTP, 100, ""));

    Map<String, Message> listeners = translator.wildcard(ResourceType.LISTENER, node, demand);
    RouteConfiguration routes =
        (RouteConfiguration)
            translator.wildcard(ResourceType.ROUTE, node, demand).get("ingress_http_router");

    assertThat(listeners).containsOnlyKeys("ingress_http_8081");
    HttpConnectionManager hcm =
        filter(listeners, "ingress_http_8081").getTypedConfig().unpack(HttpConnectionManager.class);
    assertThat(hcm.getRds().getRouteConfigName()).isEqualTo("ingress_http_router");
    assertThat(routes.getVirtualHosts(0).getDomainsList()).containsExactly("*");
    assertThat(routes.getVirtualHosts(0).getRoutes(0).getMatch().getPrefix()).isEqualTo("/");
    assertThat(routes.getVirtualHosts(0).getRoutes(0).getRoute().getCluster())
        .isEqualTo("ingress_http_app");
    assertThat(
            translator
                .named(ResourceType.CLUSTER, Set.of("ingress_http_app"), node, demand)
                .get("ingress_http_app"))
        .isInstanceOf(Cluster.class);
  }

  @Test
  void aPublishedPortThatIsAnEgressPortGetsNoListener() {
    NodeInfo node = node("n", Map.of(Protocol.BOLT, 12220), Map.of(Protocol.BOLT, 12200));
    NodeDemand demand = publishing(endpoint("10.0.0.5", 12220, Protocol.BOLT, 100, ""));

    assertThat(translator.wildcard(ResourceType.LISTENER, node, demand))
        .containsOnlyKeys("egress_bolt");
    assertThat(translator.wildcard(ResourceType.CLUSTER, node, demand)).isEmpty();
  }

  @Test
  void withoutAnAppPortForTheProtocolTheDefaultOneIsUsed() {
    NodeInfo node = node("n", Map.of(), Map.of(Protocol.HTTP, 8080));
    NodeDemand demand = publishing(endpoint("10.0.0.5", 20881, Protocol.DUBBO, 100, ""));

    Cluster app =
        (Cluster) translator.wildcard(ResourceType.CLUSTER, node, demand).get("ingress_dubbo_app");

    assertThat(
            app.getLoadAssignment()
                .getEndpoints(0)
                .getLbEndpoints(0)
                .getEndpoint()
                .getAddress()
                .getSocketAddress()
                .getPortValue())
        .isEqualTo(NodeInfo.DEFAULT_APP_PORTS.get(Protocol.DUBBO));
  }

  private static Filter filter(Map<String, Message> listeners, String name) {
    Listener listener = (Listener) listeners.get(name);
    assertThat(listener.getFilterChainsList()).hasSize(1);
    assertThat(listener.getFilterChains(0).getFiltersList()).hasSize(1);
    return listener.getFilterChains(0).getFilters(0);
  }
}
