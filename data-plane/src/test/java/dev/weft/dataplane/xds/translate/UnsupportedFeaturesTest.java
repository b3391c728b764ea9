package dev.weft.dataplane.xds.translate;

import static dev.weft.dataplane.xds.translate.ControlPlaneResources.ads;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.appCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.assignment;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.edsCluster;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBolt;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressBoltRouter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.egressHttp;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.endpoint;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.filter;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.hcm;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.listener;
import static dev.weft.dataplane.xds.translate.ControlPlaneResources.locality;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UnknownFieldSet;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.redis_proxy.v3.RedisProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A resource asking for something Weft lacks is refused with a message naming the resource, the
 * field and what Weft accepts, never applied without it.
 */
class UnsupportedFeaturesTest extends TranslationTestBase {

  private static Arguments refused(String what, String typeUrl, Message resource, String message) {
    return Arguments.of(what, typeUrl, resource, message);
  }

  private static Listener withHcm(HttpConnectionManager hcm) {
    return listener(
        "egress_http",
        "127.0.0.1",
        12240,
        TrafficDirection.OUTBOUND,
        filter("envoy.filters.network.http_connection_manager", hcm));
  }

  private static RouteConfiguration withRoute(Route route) {
    return RouteConfiguration.newBuilder()
        .setName("r")
        .addVirtualHosts(VirtualHost.newBuilder().setName("v").addDomains("*").addRoutes(route))
        .build();
  }

  private static Route.Builder route() {
    return Route.newBuilder()
        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
        .setRoute(RouteAction.newBuilder().setCluster("c"));
  }

  static Stream<Arguments> cases() {
    Listener bolt = egressBolt();
    FilterChain chain = bolt.getFilterChains(0);
    return Stream.of(
        refused(
            "TLS on a listener's filter chain",
            LISTENER,
            bolt.toBuilder()
                .setFilterChains(
                    0,
                    chain.toBuilder()
                        .setTransportSocket(
                            TransportSocket.newBuilder()
                                .setName("envoy.transport_sockets.tls")
                                .setTypedConfig(
                                    Any.pack(DownstreamTlsContext.getDefaultInstance()))))
                .build(),
            "listener 'egress_bolt': filter_chains[0].transport_socket: not supported by Weft:"
                + " transport socket 'envoy.transport_sockets.tls' (TLS); Weft serves plaintext only"
                + " (raw_buffer)"),
        refused(
            "an unknown network filter",
            LISTENER,
            listener(
                "redis",
                "127.0.0.1",
                6379,
                TrafficDirection.OUTBOUND,
                filter("envoy.filters.network.redis_proxy", RedisProxy.getDefaultInstance())),
            "listener 'redis': filter_chains[0].filters[0].typed_config: not supported by Weft:"
                + " filter 'envoy.filters.network.redis_proxy' of type"
                + " envoy.extensions.filters.network.redis_proxy.v3.RedisProxy; Weft accepts"
                + " envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager,"
                + " weft.xds.v1.RpcProxy,"
                + " envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy,"
                + " envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy"),
        refused(
            "listener filters",
            LISTENER,
            bolt.toBuilder()
                .addListenerFilters(
                    ListenerFilter.newBuilder().setName("envoy.filters.listener.tls_inspector"))
                .build(),
            "listener 'egress_bolt': listener_filters: not supported by Weft: listener filters;"),
        refused(
            "an API listener",
            LISTENER,
            Listener.newBuilder()
                .setName("greeter")
                .setApiListener(
                    ApiListener.newBuilder().setApiListener(Any.pack(hcm("greeter", "greeter"))))
                .build(),
            "listener 'greeter': api_listener: not supported by Weft: API listeners (they are for"
                + " proxyless gRPC clients);"),
        refused(
            "two filter chains",
            LISTENER,
            bolt.toBuilder().addFilterChains(chain).build(),
            "listener 'egress_bolt': filter_chains: not supported by Weft: 2 filter chains"),
        refused(
            "an HTTP filter Weft lacks",
            LISTENER,
            withHcm(
                hcm("egress_http", "egress_http_router").toBuilder()
                    .addHttpFilters(
                        0,
                        HttpFilter.newBuilder()
                            .setName("envoy.filters.http.cors")
                            .setTypedConfig(Any.pack(Cors.getDefaultInstance())))
                    .build()),
            "listener 'egress_http': filter_chains[0].filters[0].typed_config.http_filters[0]: not"
                + " supported by Weft: HTTP filter 'envoy.filters.http.cors'"
                + " (envoy.extensions.filters.http.cors.v3.Cors); Weft runs only"
                + " envoy.filters.http.router (other filters must be disabled or is_optional)"),
        refused(
            "xff_num_trusted_hops",
            LISTENER,
            withHcm(
                hcm("egress_http", "egress_http_router").toBuilder()
                    .setXffNumTrustedHops(1)
                    .build()),
            "listener 'egress_http': filter_chains[0].filters[0].typed_config.xff_num_trusted_hops:"
                + " not supported by Weft: trusting X-Forwarded-For hops (Weft leaves it alone);"),
        refused(
            "RDS from a management server other than ADS",
            LISTENER,
            withHcm(
                hcm("egress_http", "egress_http_router").toBuilder()
                    .setRds(
                        hcm("egress_http", "egress_http_router").getRds().toBuilder()
                            .setConfigSource(
                                ConfigSource.newBuilder()
                                    .setApiConfigSource(ApiConfigSource.getDefaultInstance())))
                    .build()),
            "listener 'egress_http': filter_chains[0].filters[0].typed_config.rds.config_source"
                + ".api_config_source: not supported by Weft: Weft's sidecar takes every resource"
                + " over its ADS stream; write {ads: {}};"),
        refused(
            "query parameter matches",
            ROUTE,
            withRoute(
                route()
                    .setMatch(
                        RouteMatch.newBuilder()
                            .setPrefix("/")
                            .addQueryParameters(QueryParameterMatcher.newBuilder().setName("q")))
                    .build()),
            "route_configuration 'r': virtual_hosts[0].routes[0].match.query_parameters: not"
                + " supported by Weft: query parameter matches;"),
        refused(
            "gRPC matches",
            ROUTE,
            withRoute(
                route()
                    .setMatch(
                        RouteMatch.newBuilder()
                            .setPrefix("/")
                            .setGrpc(RouteMatch.GrpcRouteMatchOptions.getDefaultInstance()))
                    .build()),
            "route_configuration 'r': virtual_hosts[0].routes[0].match.grpc: not supported by Weft:"
                + " gRPC request matches;"),
        refused(
            "runtime fractions",
            ROUTE,
            withRoute(
                route()
                    .setMatch(
                        RouteMatch.newBuilder()
                            .setPrefix("/")
                            .setRuntimeFraction(RuntimeFractionalPercent.getDefaultInstance()))
                    .build()),
            "route_configuration 'r': virtual_hosts[0].routes[0].match.runtime_fraction: not"
                + " supported by Weft: runtime fractions;"),
        refused(
            "retrying on 4xx",
            ROUTE,
            withRoute(
                route()
                    .setRoute(
                        RouteAction.newBuilder()
                            .setCluster("c")
                            .setRetryPolicy(
                                RetryPolicy.newBuilder().setRetryOn("5xx,retriable-4xx")))
                    .build()),
            "route_configuration 'r': virtual_hosts[0].routes[0].route.retry_policy.retry_on: not"
                + " supported by Weft: retrying on \"retriable-4xx\"; Weft retries on 5xx,"
                + " gateway-error, retriable-status-codes, connect-failure, reset, refused-stream"),
        refused(
            "a DNS cluster",
            CLUSTER,
            appCluster("app", 8080).toBuilder().setType(Cluster.DiscoveryType.STRICT_DNS).build(),
            "cluster 'app': type: not supported by Weft: STRICT_DNS clusters: DNS (Weft's hosts"
                + " come from STATIC IP addresses or EDS)"),
        refused(
            "a load balancer Weft lacks",
            CLUSTER,
            edsCluster("c").toBuilder().setLbPolicy(Cluster.LbPolicy.CLUSTER_PROVIDED).build(),
            "cluster 'c': lb_policy: not supported by Weft: CLUSTER_PROVIDED; Weft maps"
                + " ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH and MAGLEV"),
        refused(
            "outlier detection",
            CLUSTER,
            edsCluster("c").toBuilder()
                .setOutlierDetection(OutlierDetection.getDefaultInstance())
                .build(),
            "cluster 'c': outlier_detection: not supported by Weft: outlier detection;"),
        refused(
            "active health checks",
            CLUSTER,
            edsCluster("c").toBuilder().addHealthChecks(HealthCheck.getDefaultInstance()).build(),
            "cluster 'c': health_checks: not supported by Weft: active health checks;"),
        refused(
            "TLS to upstream hosts",
            CLUSTER,
            edsCluster("c").toBuilder()
                .setTransportSocket(
                    TransportSocket.newBuilder()
                        .setName("envoy.transport_sockets.tls")
                        .setTypedConfig(Any.pack(UpstreamTlsContext.getDefaultInstance())))
                .build(),
            "cluster 'c': transport_socket: not supported by Weft: transport socket"
                + " 'envoy.transport_sockets.tls'"
                + " (type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext);"
                + " Weft speaks plaintext TCP only (raw_buffer)"),
        refused(
            "EDS not over ADS",
            CLUSTER,
            edsCluster("c").toBuilder()
                .setEdsClusterConfig(
                    Cluster.EdsClusterConfig.newBuilder()
                        .setEdsConfig(ConfigSource.newBuilder().setPath("/etc/eds.yaml")))
                .build(),
            "cluster 'c': eds_cluster_config.eds_config.path: not supported by Weft: Weft's sidecar"
                + " takes every resource over its ADS stream; write {ads: {}};"),
        refused(
            "priorities",
            ENDPOINTS,
            assignment(
                "c",
                locality("a", endpoint("10.0.0.1", 80, 1, "http")).toBuilder()
                    .setPriority(1)
                    .build()),
            "cluster_load_assignment 'c': endpoints[0].priority: not supported by Weft: priority 1"
                + " (failover); Weft has one priority, 0"),
        refused(
            "a host name for an endpoint",
            ENDPOINTS,
            assignment("c", locality("a", endpoint("backend.local", 80, 1, "http"))),
            "cluster_load_assignment 'c': endpoints[0].lb_endpoints[0].endpoint.address"
                + ".socket_address.address: expected an IP address, got \"backend.local\" (Weft"
                + " resolves no names here; use EDS or STATIC with IP addresses)"),
        refused(
            "fields newer than Weft's Envoy API",
            CLUSTER,
            edsCluster("c").toBuilder()
                .setUnknownFields(
                    UnknownFieldSet.newBuilder()
                        .addField(999, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                        .build())
                .build(),
            "cluster 'c': Cluster: fields [999] are unknown to Weft's copy of Envoy's API, so Weft"
                + " cannot tell what they ask for"),
        refused(
            "a resource of another type",
            CLUSTER,
            egressHttp(80),
            "cluster: expected a Cluster, got Listener"),
        refused(
            "a weight of 0",
            ENDPOINTS,
            assignment(
                "c",
                locality(
                    "a",
                    endpoint("10.0.0.1", 80, 1, "http").toBuilder()
                        .setLoadBalancingWeight(UInt32Value.of(0))
                        .setHealthStatus(HealthStatus.HEALTHY)
                        .build())),
            "cluster_load_assignment 'c': endpoints[0].lb_endpoints[0].load_balancing_weight: must"
                + " be at least 1"),
        refused(
            "a route config without ADS routes for bolt",
            ROUTE,
            egressBoltRouter("x").toBuilder()
                .addVirtualHosts(VirtualHost.newBuilder().setName("again").addDomains("*"))
                .build(),
            "route_configuration 'egress_bolt_router': virtual_hosts[1].domains[0]: domain \"*\" is"
                + " already in virtual_hosts[0].domains[0]"),
        refused(
            "an RDS config source without ADS",
            LISTENER,
            withHcm(
                hcm("h", "h").toBuilder()
                    .setRds(
                        hcm("h", "h").getRds().toBuilder()
                            .setConfigSource(ads().toBuilder().clearAds()))
                    .build()),
            "listener 'egress_http': filter_chains[0].filters[0].typed_config.rds.config_source:"
                + " expected {ads: {}}: Weft's sidecar takes every resource over its ADS stream;"
                + " write {ads: {}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedNamingTheField(String what, String typeUrl, Message resource, String message) {
    List<String> problems = check(typeUrl, resource);

    assertThat(problems).as(what).isNotEmpty();
    assertThat(problems.get(0)).as(what).startsWith(message);
  }
}
