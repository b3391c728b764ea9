package dev.weft.dataplane.xds.translate;

import static dev.weft.dataplane.xds.translate.ControlPlaneResources.appCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.assignment;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.boltProxy;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.edsCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBolt;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBoltRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressDubbo;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressHttp;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressHttpRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.endpoint;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.ingressBolt;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.ingressBoltRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.locality;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.HostConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ListenerConfig.ListenerType;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.xds.XdsTranslation;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What Weft's own control plane sends a sidecar (docs/xds-mapping.md) translates cleanly. */
class ControlPlaneShapesTest extends TranslationTestBase {
  private static final String GREETER = "com.acme.Greeter:1.0";
  private static final String ECHO = "com.acme.Echo:1.0";

  private static ClusterLoadAssignment greeterEndpoints() {
    return assignment(
        GREETER,
        locality(
            "zone-a",
            endpoint("10.0.0.1", 12200, 100, "bolt"),
            endpoint("10.0.0.2", 12200, 50, "bolt")),
        locality("zone-b", endpoint("10.0.1.1", 12200, 100, "bolt")));
  }

  private static Message[] sidecarResources() {
    return new Message[] {
      egressBolt(),
      egressHttp(12240),
      egressDubbo(ECHO),
      ingressBolt(12201),
      egressBoltRouter(ECHO, GREETER),
      egressHttpRouter(12240, GREETER),
      ingressBoltRouter(),
      edsCluster(ECHO),
      edsCluster(GREETER),
      appCluster("ingress_bolt_app", 12200),
      assignment(ECHO),
      greeterEndpoints()
    };
  }

  @Test
  void everyResourceOfTheMappingPassesTheCheck() {
    for (Message resource : sidecarResources()) {
      String typeUrl = "type.googleapis.com/" + resource.getDescriptorForType().getFullName();
      assertThat(check(typeUrl, resource)).as(resource.getDescriptorForType().getName()).isEmpty();
    }
  }

  @Test
  void theSidecarResourcesBecomeOneConfigWithNothingWarming() {
    XdsTranslation.Result result = translate(sidecarResources());

    assertThat(result.problems()).isEmpty();
    assertThat(result.warmingListeners()).isEmpty();
    assertThat(result.warmingClusters()).isEmpty();
    SidecarConfig config = result.config();
    assertThat(config.listeners())
        .extracting(ListenerConfig::name)
        .containsExactly("egress_bolt", "egress_dubbo", "egress_http", "ingress_bolt_12201");
    assertThat(config.routers())
        .extracting(RouterConfig::name)
        .containsExactly(
            "egress_bolt_router",
            "egress_http_router",
            "ingress_bolt_router",
            "egress_dubbo/egress_dubbo_router");
    assertThat(config.clusters())
        .extracting(ClusterConfig::name)
        .containsExactly(ECHO, GREETER, "ingress_bolt_app");
  }

  @Test
  void theEgressBoltListenerIsTheProxyFilterOverBoltWithItsRdsRouter() {
    ListenerConfig listener = translate(sidecarResources()).config().listeners().get(0);

    assertThat(listener)
        .isEqualTo(
            new ListenerConfig(
                "egress_bolt",
                ListenerType.EGRESS,
                new HostPort("127.0.0.1", 12220),
                true,
                Optional.empty(),
                List.of(
                    new FilterConfig(
                        "proxy",
                        new ProxyConfig(List.of("bolt"), "bolt", "egress_bolt_router", Map.of()))),
                List.of(),
                List.of()));
  }

  @Test
  void boltRoutesMatchTheServiceHeaderInClusterOrder() {
    RouterConfig router =
        translate(sidecarResources()).config().router("egress_bolt_router").orElseThrow();

    assertThat(router.virtualHosts()).hasSize(1);
    assertThat(router.virtualHosts().get(0).domains()).containsExactly("*");
    List<RouteConfig> routes = router.virtualHosts().get(0).routes();
    assertThat(routes)
        .extracting(RouteConfig::match)
        .containsExactly(
            new RouteMatch(
                Optional.of(new RouteMatch.Prefix("")),
                List.of(new HeaderMatcher("service", ECHO, false, false))),
            new RouteMatch(
                Optional.of(new RouteMatch.Prefix("")),
                List.of(new HeaderMatcher("service", GREETER, false, false))));
    RouteAction.Forward forward = (RouteAction.Forward) routes.get(1).action();
    assertThat(forward.cluster()).isEqualTo(new RouteAction.NamedCluster(GREETER));
    assertThat(forward.timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(forward.retry()).isEmpty();
  }

  @Test
  void theHttpListenerAcceptsHttp1AndHttp2AndSpeaksHttp1Upstream() {
    SidecarConfig config = translate(sidecarResources()).config();
    ListenerConfig listener =
        config.listeners().stream()
            .filter(l -> l.name().equals("egress_http"))
            .findFirst()
            .orElseThrow();

    assertThat(listener.networkFilters().get(0).config())
        .isEqualTo(
            new ProxyConfig(List.of("Http2", "Http1"), "Http1", "egress_http_router", Map.of()));
    assertThat(listener.idleTimeout()).contains(Duration.ofHours(1));
    assertThat(config.router("egress_http_router").orElseThrow().virtualHosts().get(0).domains())
        .containsExactly(GREETER, GREETER + ":12240");
  }

  @Test
  void dubboInterfacesBecomeServiceHeaderRulesWithTheMethodRegex() {
    SidecarConfig config = translate(sidecarResources()).config();
    ListenerConfig listener =
        config.listeners().stream()
            .filter(l -> l.name().equals("egress_dubbo"))
            .findFirst()
            .orElseThrow();

    assertThat(listener.networkFilters().get(0).config())
        .isEqualTo(
            new ProxyConfig(
                List.of("dubbo"), "dubbo", "egress_dubbo/egress_dubbo_router", Map.of()));
    RouteConfig route =
        config
            .router("egress_dubbo/egress_dubbo_router")
            .orElseThrow()
            .virtualHosts()
            .get(0)
            .routes()
            .get(0);
    assertThat(route.match())
        .isEqualTo(
            new RouteMatch(
                Optional.empty(),
                List.of(
                    new HeaderMatcher("service", ECHO, false, false),
                    new HeaderMatcher("method", ".*", true, false))));
    assertThat(((RouteAction.Forward) route.action()).cluster())
        .isEqualTo(new RouteAction.NamedCluster(ECHO));
  }

  @Test
  void edsHostsCarryTheirWeightsZoneAndWeftMetadataInLocalityOrder() {
    ClusterConfig greeter = translate(sidecarResources()).config().cluster(GREETER).orElseThrow();

    assertThat(greeter.type()).isEqualTo("STATIC");
    assertThat(greeter.lbType()).isEqualTo("LB_WEIGHTED_ROUNDROBIN");
    assertThat(greeter.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(greeter.circuitBreakers()).isEqualTo(ClusterConfig.CircuitBreakers.UNLIMITED);
    assertThat(greeter.hosts())
        .containsExactly(
            new HostConfig(
                new HostPort("10.0.0.1", 12200),
                "",
                100,
                Map.of("protocol", "bolt", "zone", "zone-a")),
            new HostConfig(
                new HostPort("10.0.0.2", 12200),
                "",
                50,
                Map.of("protocol", "bolt", "zone", "zone-a")),
            new HostConfig(
                new HostPort("10.0.1.1", 12200),
                "",
                100,
                Map.of("protocol", "bolt", "zone", "zone-b")));
  }

  @Test
  void anAssignmentWithoutEndpointsWarmsItsClusterWithNoHosts() {
    ClusterConfig echo = translate(sidecarResources()).config().cluster(ECHO).orElseThrow();

    assertThat(echo.hosts()).isEmpty();
  }

  @Test
  void theIngressListenerBindsEveryAddressAndRoutesToTheStaticAppCluster() {
    SidecarConfig config = translate(sidecarResources()).config();
    ListenerConfig ingress = config.listeners().get(3);

    assertThat(ingress.type()).isEqualTo(ListenerType.INGRESS);
    assertThat(ingress.address()).isEqualTo(new HostPort("0.0.0.0", 12201));
    assertThat(config.cluster("ingress_bolt_app").orElseThrow().hosts())
        .containsExactly(
            new HostConfig(new HostPort("127.0.0.1", 12200), "", 1, Map.of("protocol", "bolt")));
    RouteConfig route =
        config.router("ingress_bolt_router").orElseThrow().virtualHosts().get(0).routes().get(0);
    assertThat(route.match())
        .isEqualTo(new RouteMatch(Optional.of(new RouteMatch.Prefix("")), List.of()));
  }

  @Test
  void anRpcProxyAsTypedStructTranslatesLikeTheMessage() throws Exception {
    String json = JsonFormat.printer().print(boltProxy("egress_bolt", "egress_bolt_router"));
    Struct.Builder value = Struct.newBuilder();
    JsonFormat.parser().merge(json, value);
    Any xds =
        Any.pack(
            com.github.xds.type.v3.TypedStruct.newBuilder()
                .setTypeUrl("type.googleapis.com/weft.xds.v1.RpcProxy")
                .setValue(value)
                .build());
    Any udpa =
        Any.pack(
            com.github.udpa.udpa.type.v1.TypedStruct.newBuilder()
                .setTypeUrl("type.googleapis.com/weft.xds.v1.RpcProxy")
                .setValue(value)
                .build());

    for (Any typed : List.of(xds, udpa)) {
      Listener listener =
          egressBolt().toBuilder()
              .setFilterChains(
                  0,
                  egressBolt().getFilterChains(0).toBuilder()
                      .setFilters(
                          0, Filter.newBuilder().setName("weft.rpc_proxy").setTypedConfig(typed)))
              .build();
      assertThat(check(listener)).isEmpty();
      assertThat(translate(listener, egressBoltRouter()).config().listeners())
          .containsExactlyElementsOf(
              translate(egressBolt(), egressBoltRouter()).config().listeners());
    }
  }

  @Test
  void translatingTwiceGivesEqualConfigs() {
    assertThat(translate(sidecarResources())).isEqualTo(translate(sidecarResources()));
  }

  @Test
  void anIngressListenerOfTheDirectionUnspecifiedIsUnspecified() {
    Listener listener =
        ingressBolt(12201).toBuilder().setTrafficDirection(TrafficDirection.UNSPECIFIED).build();

    assertThat(translate(listener, ingressBoltRouter()).config().listeners().get(0).type())
        .isEqualTo(ListenerType.UNSPECIFIED);
  }
}
