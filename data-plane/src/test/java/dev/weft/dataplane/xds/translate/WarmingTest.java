package dev.weft.dataplane.xds.translate;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static dev.weft.dataplane.TestConfigs.router;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.assignment;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.edsCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBolt;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBoltRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressHttp;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressHttpRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.endpoint;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.hcm;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.locality;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.AdminConfig;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.xds.XdsProblem;
import dev.weft.dataplane.xds.XdsResources;
import dev.weft.dataplane.xds.XdsTranslation;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole config: static resources first, then the dynamic ones; clusters wait for their
 * endpoints and listeners for their routes; a dynamic resource may not take a static name.
 */
class WarmingTest extends TranslationTestBase {
  private static final SidecarConfig BASE =
      new SidecarConfig(
          List.of(proxyListener("static_http", "static_router", "Http1")),
          List.of(router("static_router", prefixRoute("/", "static_cluster"))),
          List.of(cluster("static_cluster", "LB_ROUNDROBIN", local(8080))),
          Optional.of(new AdminConfig(new HostPort("127.0.0.1", 34901))));

  @Test
  void anEdsClusterWithoutItsAssignmentWaits() {
    XdsTranslation.Result result = translate(edsCluster("a"), edsCluster("b"), assignment("b"));

    assertThat(result.warmingClusters()).containsExactly("a");
    assertThat(result.config().clusters()).extracting(ClusterConfig::name).containsExactly("b");
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void aListenerWithoutItsRouteConfigWaitsAndOneWithItServes() {
    XdsTranslation.Result result =
        translate(egressBolt(), egressHttp(12240), egressHttpRouter(12240));

    assertThat(result.warmingListeners()).containsExactly("egress_bolt");
    assertThat(result.config().listeners())
        .extracting(ListenerConfig::name)
        .containsExactly("egress_http");
  }

  @Test
  void routesMayNameClustersThatDoNotExistYet() {
    XdsTranslation.Result result =
        translate(egressBolt(), egressBoltRouter("com.acme.Missing:1.0"));

    assertThat(result.problems()).isEmpty();
    assertThat(result.config().listeners()).hasSize(1);
    assertThat(result.config().clusters()).isEmpty();
  }

  @Test
  void theStaticConfigComesFirstAndStaysWhole() {
    XdsResources resources =
        resources(
            egressHttp(12240),
            egressHttpRouter(12240, "svc"),
            edsCluster("svc"),
            assignment("svc", locality("", endpoint("10.0.0.1", 80, 1, "http"))));

    SidecarConfig config = translation.translate(BASE, resources).config();

    assertThat(config.listeners())
        .extracting(ListenerConfig::name)
        .containsExactly("static_http", "egress_http");
    assertThat(config.routers())
        .extracting(RouterConfig::name)
        .containsExactly("static_router", "egress_http_router");
    assertThat(config.clusters())
        .extracting(ClusterConfig::name)
        .containsExactly("static_cluster", "svc");
    assertThat(config.admin()).isEqualTo(BASE.admin());
  }

  @Test
  void aDynamicResourceCannotTakeAStaticName() {
    XdsResources resources =
        resources(
            egressHttp(12240).toBuilder().setName("static_http").build(),
            RouteConfiguration.newBuilder().setName("static_router").build(),
            edsCluster("static_cluster"),
            assignment("static_cluster"));

    XdsTranslation.Result result = translation.translate(BASE, resources);

    assertThat(result.problems())
        .extracting(XdsProblem::message)
        .containsExactly(
            "route_configuration 'static_router': name: is also the name of a static router",
            "cluster 'static_cluster': name: is also the name of a static cluster",
            "listener 'static_http': name: is also the name of a static listener");
    assertThat(result.problems().get(0).typeUrl()).isEqualTo(ROUTE);
    assertThat(result.problems().get(0).resourceName()).isEqualTo("static_router");
  }

  @Test
  void twoListenersOnOneAddressAreAProblem() {
    var second = egressHttp(12240).toBuilder().setName("another").build();

    XdsTranslation.Result result = translate(egressHttp(12240), second, egressHttpRouter(12240));

    assertThat(result.problems())
        .extracting(XdsProblem::message)
        .containsExactly(
            "listener 'egress_http': address: 127.0.0.1:12240 is already the address of listener 'another'");
  }

  @Test
  void anInlineRouteConfigGetsARouterNamedByItsListener() {
    var inline =
        egressHttp(12240).toBuilder()
            .setFilterChains(
                0,
                egressHttp(12240).getFilterChains(0).toBuilder()
                    .setFilters(
                        0,
                        ControlPlaneResources.filter(
                            "envoy.filters.network.http_connection_manager",
                            hcm("egress_http", "x").toBuilder()
                                .setRouteConfig(
                                    egressHttpRouter(12240, "svc").toBuilder().setName("local"))
                                .build())))
            .build();

    XdsTranslation.Result result = translate(inline);

    assertThat(result.problems()).isEmpty();
    assertThat(result.warmingListeners()).isEmpty();
    assertThat(result.config().routers())
        .extracting(RouterConfig::name)
        .containsExactly("egress_http/local");
  }

  @Test
  void problemsOfOneResourceDoNotHideTheOthers() {
    var broken =
        edsCluster("broken").toBuilder()
            .setConnectTimeout(com.google.protobuf.Duration.getDefaultInstance())
            .build();

    XdsTranslation.Result result = translate(broken, edsCluster("fine"), assignment("fine"));

    assertThat(result.problems())
        .extracting(XdsProblem::message)
        .containsExactly("cluster 'broken': connect_timeout: must be above 0");
    assertThat(result.config().clusters()).extracting(ClusterConfig::name).containsExactly("fine");
  }
}
