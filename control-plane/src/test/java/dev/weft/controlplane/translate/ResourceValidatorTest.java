package dev.weft.controlplane.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import dev.weft.registry.model.ServiceId;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule, broken once, named in the message with the resource and the field. */
class ResourceValidatorTest {
  private static final ServiceId HELLO = ServiceId.of("x");

  private static final ClusterLoadAssignment GOOD =
      LoadAssignments.of("x", java.util.List.of(FakeMesh.bolt("10.0.0.1", 5, "z")));

  @Test
  void whatTheTranslatorBuildsIsValid() {
    assertThat(invalid(ResourceType.CLUSTER, Xds.edsCluster(HELLO))).isEmpty();
    assertThat(invalid(ResourceType.CLUSTER, Xds.staticCluster("app", "127.0.0.1", 80))).isEmpty();
    assertThat(invalid(ResourceType.ENDPOINT, GOOD)).isEmpty();
    assertThat(invalid(ResourceType.LISTENER, Translator.apiListener("x"))).isEmpty();
    assertThat(invalid(ResourceType.ROUTE, Translator.apiRoutes("x", HELLO))).isEmpty();
    assertThat(invalid(ResourceType.SECRET, Listener.getDefaultInstance())).isEmpty();
  }

  @Test
  void anEmptyName() {
    assertThat(invalid(ResourceType.LISTENER, Translator.apiListener("")))
        .contains("listener '': name must not be empty");
    assertThat(invalid(ResourceType.ROUTE, RouteConfiguration.getDefaultInstance()))
        .contains("route_configuration '': name must not be empty");
    assertThat(invalid(ResourceType.CLUSTER, Cluster.getDefaultInstance()))
        .contains("cluster '': name must not be empty");
    assertThat(invalid(ResourceType.ENDPOINT, GOOD.toBuilder().setClusterName("").build()))
        .contains("cluster_load_assignment '': cluster_name must not be empty");
  }

  @Test
  void aListenerWithNeitherAddressNorApiListener() {
    assertThat(invalid(ResourceType.LISTENER, Listener.newBuilder().setName("l").build()))
        .contains("listener 'l': needs an address or an api_listener");
  }

  @Test
  void aPortOutsideOneTo65535() {
    Listener zero =
        Listener.newBuilder().setName("l").setAddress(Xds.address("0.0.0.0", 0)).build();
    Listener big = zero.toBuilder().setAddress(Xds.address("0.0.0.0", 70000)).build();
    Listener pipe =
        zero.toBuilder()
            .setAddress(
                io.envoyproxy.envoy.config.core.v3.Address.newBuilder()
                    .setPipe(Pipe.newBuilder().setPath("/tmp/s")))
            .build();

    assertThat(invalid(ResourceType.LISTENER, zero))
        .contains("listener 'l': address.socket_address.port_value must be from 1 to 65535, is 0");
    assertThat(invalid(ResourceType.LISTENER, big)).get().asString().endsWith("is 70000");
    assertThat(invalid(ResourceType.LISTENER, pipe)).isEmpty();
    assertThat(invalid(ResourceType.ENDPOINT, LoadAssignments.single("x", "10.0.0.1", 0)))
        .contains(
            "cluster_load_assignment 'x': endpoints[0].lb_endpoints[0].endpoint.address"
                + ".socket_address.port_value must be from 1 to 65535, is 0");
  }

  @Test
  void anApiListenerWhoseFiltersDoNotEndWithTheRouter() {
    HttpConnectionManager hcm =
        HttpConnectionManager.newBuilder()
            .setStatPrefix("x")
            .setRds(Xds.rds("x"))
            .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.fault"))
            .build();
    Listener listener =
        Listener.newBuilder()
            .setName("x")
            .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(hcm)))
            .build();

    assertThat(invalid(ResourceType.LISTENER, listener))
        .contains(
            "listener 'x': api_listener.api_listener.http_filters must end with"
                + " envoy.filters.http.router");
  }

  @Test
  void anEdsClusterWithoutAds() {
    Cluster.Builder cluster = Xds.edsCluster(HELLO).toBuilder();
    cluster
        .getEdsClusterConfigBuilder()
        .setEdsConfig(
            ConfigSource.newBuilder().setApiConfigSource(ApiConfigSource.getDefaultInstance()));

    assertThat(invalid(ResourceType.CLUSTER, cluster.build()))
        .contains("cluster 'x': eds_cluster_config.eds_config must be {ads: {}} (EDS over ADS)");
  }

  @Test
  void aLocalityWithWeightZeroOrNone() {
    ClusterLoadAssignment zero =
        GOOD.toBuilder()
            .setEndpoints(
                0, GOOD.getEndpoints(0).toBuilder().setLoadBalancingWeight(UInt32Value.of(0)))
            .build();
    ClusterLoadAssignment none =
        GOOD.toBuilder()
            .setEndpoints(0, GOOD.getEndpoints(0).toBuilder().clearLoadBalancingWeight())
            .build();
    Cluster inline =
        Xds.staticCluster("app", "127.0.0.1", 80).toBuilder().setLoadAssignment(zero).build();

    assertThat(invalid(ResourceType.ENDPOINT, zero))
        .contains("cluster_load_assignment 'x': endpoints[0].load_balancing_weight must be >= 1");
    assertThat(invalid(ResourceType.ENDPOINT, none))
        .isEqualTo(invalid(ResourceType.ENDPOINT, zero));
    assertThat(invalid(ResourceType.CLUSTER, inline))
        .contains("cluster 'app': load_assignment.endpoints[0].load_balancing_weight must be >= 1");
  }

  @Test
  void duplicateLocalities() {
    ClusterLoadAssignment twice = GOOD.toBuilder().addEndpoints(GOOD.getEndpoints(0)).build();
    ClusterLoadAssignment otherPriority =
        GOOD.toBuilder().addEndpoints(GOOD.getEndpoints(0).toBuilder().setPriority(1)).build();
    ClusterLoadAssignment otherZone =
        GOOD.toBuilder()
            .addEndpoints(
                GOOD.getEndpoints(0).toBuilder().setLocality(Locality.newBuilder().setZone("y")))
            .build();

    assertThat(invalid(ResourceType.ENDPOINT, twice))
        .contains("cluster_load_assignment 'x': endpoints[1].locality duplicates endpoints[0]");
    assertThat(invalid(ResourceType.ENDPOINT, otherPriority)).isEmpty();
    assertThat(invalid(ResourceType.ENDPOINT, otherZone)).isEmpty();
  }

  @Test
  void anEndpointWithoutSocketAddress() {
    LocalityLbEndpoints locality =
        GOOD.getEndpoints(0).toBuilder()
            .addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.getDefaultInstance()))
            .build();

    assertThat(invalid(ResourceType.ENDPOINT, GOOD.toBuilder().setEndpoints(0, locality).build()))
        .contains(
            "cluster_load_assignment 'x': endpoints[0].lb_endpoints[1].endpoint.address"
                + ".socket_address is missing");
  }

  @Test
  void aRouteWithAnEmptyCluster() {
    RouteConfiguration routes =
        Translator.apiRoutes("x", HELLO).toBuilder()
            .addVirtualHosts(
                VirtualHost.newBuilder()
                    .setName("second")
                    .addDomains("y")
                    .addRoutes(Xds.routeAll("ok", "/", "x"))
                    .addRoutes(
                        Route.newBuilder()
                            .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                            .setRoute(RouteAction.getDefaultInstance())))
            .build();

    assertThat(invalid(ResourceType.ROUTE, routes))
        .contains(
            "route_configuration 'x': virtual_hosts[1].routes[1].route.cluster must not be empty");
  }

  @Test
  void aMessageOfTheWrongType() {
    assertThat(invalid(ResourceType.CLUSTER, Translator.apiListener("x")))
        .contains("CLUSTER: expected a Cluster, got Listener");
  }

  private static Optional<String> invalid(ResourceType type, Message message) {
    return ResourceValidator.invalid(type, message);
  }
}
