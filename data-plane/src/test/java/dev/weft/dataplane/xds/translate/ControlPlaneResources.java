package dev.weft.dataplane.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import dev.weft.api.xds.v1.RpcProxy;
import dev.weft.dataplane.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.MethodMatch;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.MultipleRouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.ProtocolType;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.SerializationType;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * Resources shaped exactly as docs/xds-mapping.md says Weft's control plane sends them to a
 * sidecar: egress listeners per protocol (weft.rpc_proxy for bolt, the HTTP connection manager for
 * http, DubboProxy with inline routes for dubbo), ingress listeners, EDS clusters with assignments
 * by zone, and the STATIC app cluster of an ingress.
 */
public final class ControlPlaneResources {
  private ControlPlaneResources() {}

  /** Resources by type and name, as an ADS client holds them. */
  public static XdsResources resources(Message... resources) {
    java.util.Map<String, Listener> listeners = new java.util.LinkedHashMap<>();
    java.util.Map<String, RouteConfiguration> routes = new java.util.LinkedHashMap<>();
    java.util.Map<String, Cluster> clusters = new java.util.LinkedHashMap<>();
    java.util.Map<String, ClusterLoadAssignment> endpoints = new java.util.LinkedHashMap<>();
    for (Message resource : resources) {
      if (resource instanceof Listener l) {
        listeners.put(l.getName(), l);
      } else if (resource instanceof RouteConfiguration r) {
        routes.put(r.getName(), r);
      } else if (resource instanceof Cluster c) {
        clusters.put(c.getName(), c);
      } else {
        ClusterLoadAssignment a = (ClusterLoadAssignment) resource;
        endpoints.put(a.getClusterName(), a);
      }
    }
    return new XdsResources(listeners, routes, clusters, endpoints);
  }

  public static ConfigSource ads() {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
  }

  public static Address address(String host, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
        .build();
  }

  public static Listener listener(
      String name, String host, int port, TrafficDirection direction, Filter filter) {
    return Listener.newBuilder()
        .setName(name)
        .setAddress(address(host, port))
        .setTrafficDirection(direction)
        .addFilterChains(FilterChain.newBuilder().addFilters(filter))
        .build();
  }

  public static Filter filter(String name, com.google.protobuf.Message config) {
    return Filter.newBuilder().setName(name).setTypedConfig(Any.pack(config)).build();
  }

  /** {@code weft.xds.v1.RpcProxy} for bolt with RDS {@code <listener>_router}. */
  public static RpcProxy boltProxy(String statPrefix, String routeConfig) {
    return RpcProxy.newBuilder()
        .setStatPrefix(statPrefix)
        .setProtocol("bolt")
        .setUpstreamProtocol("bolt")
        .setRds(Rds.newBuilder().setConfigSource(ads()).setRouteConfigName(routeConfig))
        .build();
  }

  public static Listener egressBolt() {
    return listener(
        "egress_bolt",
        "127.0.0.1",
        12220,
        TrafficDirection.OUTBOUND,
        filter("weft.rpc_proxy", boltProxy("egress_bolt", "egress_bolt_router")));
  }

  public static HttpConnectionManager hcm(String statPrefix, String routeConfig) {
    return HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRds(Rds.newBuilder().setConfigSource(ads()).setRouteConfigName(routeConfig))
        .addHttpFilters(
            HttpFilter.newBuilder()
                .setName("envoy.filters.http.router")
                .setTypedConfig(Any.pack(Router.getDefaultInstance())))
        .build();
  }

  public static Listener egressHttp(int port) {
    return listener(
        "egress_http",
        "127.0.0.1",
        port,
        TrafficDirection.OUTBOUND,
        filter(
            "envoy.filters.network.http_connection_manager",
            hcm("egress_http", "egress_http_router")));
  }

  public static Listener egressDubbo(String... clusters) {
    MultipleRouteConfiguration.Builder routes =
        MultipleRouteConfiguration.newBuilder().setName("egress_dubbo_router");
    for (String cluster : clusters) {
      routes.addRouteConfig(dubboRoute(cluster, cluster));
    }
    DubboProxy dubbo =
        DubboProxy.newBuilder()
            .setStatPrefix("egress_dubbo")
            .setProtocolType(ProtocolType.Dubbo)
            .setSerializationType(SerializationType.Hessian2)
            .setMultipleRouteConfig(routes)
            .build();
    return listener(
        "egress_dubbo",
        "127.0.0.1",
        12230,
        TrafficDirection.OUTBOUND,
        filter("envoy.filters.network.dubbo_proxy", dubbo));
  }

  public static io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteConfiguration
      dubboRoute(String iface, String cluster) {
    return io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteConfiguration
        .newBuilder()
        .setName(cluster)
        .setInterface(iface)
        .addRoutes(
            io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.Route.newBuilder()
                .setMatch(
                    io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteMatch
                        .newBuilder()
                        .setMethod(
                            MethodMatch.newBuilder()
                                .setName(
                                    StringMatcher.newBuilder()
                                        .setSafeRegex(RegexMatcher.newBuilder().setRegex(".*")))))
                .setRoute(
                    io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteAction
                        .newBuilder()
                        .setCluster(cluster)))
        .build();
  }

  public static Listener ingressBolt(int port) {
    return listener(
        "ingress_bolt_" + port,
        "0.0.0.0",
        port,
        TrafficDirection.INBOUND,
        filter("weft.rpc_proxy", boltProxy("ingress_bolt_" + port, "ingress_bolt_router")));
  }

  /** {@code egress_bolt_router}: one {@code *} host, a {@code service} header rule per service. */
  public static RouteConfiguration egressBoltRouter(String... services) {
    VirtualHost.Builder vhost = VirtualHost.newBuilder().setName("egress_bolt").addDomains("*");
    for (String service : services) {
      vhost.addRoutes(
          Route.newBuilder()
              .setName(service)
              .setMatch(
                  RouteMatch.newBuilder()
                      .setPrefix("")
                      .addHeaders(
                          HeaderMatcher.newBuilder()
                              .setName("service")
                              .setStringMatch(StringMatcher.newBuilder().setExact(service))))
              .setRoute(RouteAction.newBuilder().setCluster(service)));
    }
    return RouteConfiguration.newBuilder()
        .setName("egress_bolt_router")
        .addVirtualHosts(vhost)
        .build();
  }

  /** {@code egress_http_router}: a virtual host per service, domains dataId and dataId:port. */
  public static RouteConfiguration egressHttpRouter(int port, String... services) {
    RouteConfiguration.Builder table =
        RouteConfiguration.newBuilder().setName("egress_http_router");
    for (String service : services) {
      table.addVirtualHosts(
          VirtualHost.newBuilder()
              .setName(service)
              .addDomains(service)
              .addDomains(service + ":" + port)
              .addRoutes(
                  Route.newBuilder()
                      .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                      .setRoute(RouteAction.newBuilder().setCluster(service))));
    }
    return table.build();
  }

  public static RouteConfiguration ingressBoltRouter() {
    return RouteConfiguration.newBuilder()
        .setName("ingress_bolt_router")
        .addVirtualHosts(
            VirtualHost.newBuilder()
                .setName("ingress_bolt")
                .addDomains("*")
                .addRoutes(
                    Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix(""))
                        .setRoute(RouteAction.newBuilder().setCluster("ingress_bolt_app"))))
        .build();
  }

  public static Cluster edsCluster(String name) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(
            Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ads()).setServiceName(name))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1))
        .build();
  }

  public static Cluster appCluster(String name, int port) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.STATIC)
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1))
        .setLoadAssignment(
            ClusterLoadAssignment.newBuilder()
                .setClusterName(name)
                .addEndpoints(
                    LocalityLbEndpoints.newBuilder()
                        .setLoadBalancingWeight(UInt32Value.of(1))
                        .addLbEndpoints(endpoint("127.0.0.1", port, 1, "bolt"))))
        .build();
  }

  public static LbEndpoint endpoint(String host, int port, int weight, String protocol) {
    return LbEndpoint.newBuilder()
        .setEndpoint(Endpoint.newBuilder().setAddress(address(host, port)))
        .setLoadBalancingWeight(UInt32Value.of(weight))
        .setHealthStatus(HealthStatus.HEALTHY)
        .setMetadata(
            Metadata.newBuilder()
                .putFilterMetadata(
                    "weft",
                    Struct.newBuilder()
                        .putFields("protocol", Value.newBuilder().setStringValue(protocol).build())
                        .build()))
        .build();
  }

  public static LocalityLbEndpoints locality(String zone, LbEndpoint... endpoints) {
    int sum = 0;
    for (LbEndpoint endpoint : endpoints) {
      sum += endpoint.getLoadBalancingWeight().getValue();
    }
    return LocalityLbEndpoints.newBuilder()
        .setLocality(Locality.newBuilder().setZone(zone))
        .setLoadBalancingWeight(UInt32Value.of(Math.max(1, sum)))
        .addAllLbEndpoints(java.util.List.of(endpoints))
        .build();
  }

  public static ClusterLoadAssignment assignment(
      String cluster, LocalityLbEndpoints... localities) {
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(cluster)
        .addAllEndpoints(java.util.List.of(localities))
        .build();
  }
}
