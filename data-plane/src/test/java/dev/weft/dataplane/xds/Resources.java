package dev.weft.dataplane.xds;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.redis_proxy.v3.RedisProxy;

/** Envoy resources as a control plane would send them, built short. */
final class Resources {
  private Resources() {}

  private static final ConfigSource ADS =
      ConfigSource.newBuilder()
          .setAds(AggregatedConfigSource.getDefaultInstance())
          .setResourceApiVersion(ApiVersion.V3)
          .build();

  /** An HTTP connection manager on 127.0.0.1:{@code port} taking route config {@code route}. */
  static Listener httpListener(String name, int port, String route) {
    HttpConnectionManager hcm =
        HttpConnectionManager.newBuilder()
            .setStatPrefix(name)
            .setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(route))
            .addHttpFilters(
                HttpFilter.newBuilder()
                    .setName("envoy.filters.http.router")
                    .setTypedConfig(Any.pack(Router.getDefaultInstance())))
            .build();
    return Listener.newBuilder()
        .setName(name)
        .setAddress(address(port))
        .addFilterChains(
            FilterChain.newBuilder()
                .addFilters(
                    Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(Any.pack(hcm))))
        .build();
  }

  /** A listener with a redis_proxy filter, which Weft cannot run. */
  static Listener redisListener(String name, int port) {
    return Listener.newBuilder()
        .setName(name)
        .setAddress(address(port))
        .addFilterChains(
            FilterChain.newBuilder()
                .addFilters(
                    Filter.newBuilder()
                        .setName("envoy.filters.network.redis_proxy")
                        .setTypedConfig(
                            Any.pack(RedisProxy.newBuilder().setStatPrefix(name).build()))))
        .build();
  }

  /** One virtual host, domains {@code *}, routes {@code prefix → cluster} in pairs. */
  static RouteConfiguration routes(String name, String... prefixAndCluster) {
    VirtualHost.Builder host = VirtualHost.newBuilder().setName(name).addDomains("*");
    for (int i = 0; i < prefixAndCluster.length; i += 2) {
      host.addRoutes(
          Route.newBuilder()
              .setMatch(RouteMatch.newBuilder().setPrefix(prefixAndCluster[i]))
              .setRoute(RouteAction.newBuilder().setCluster(prefixAndCluster[i + 1])));
    }
    return RouteConfiguration.newBuilder().setName(name).addVirtualHosts(host).build();
  }

  /** An EDS cluster over ADS; its assignment is named {@code service}. */
  static Cluster edsCluster(String name, String service) {
    return Cluster.newBuilder()
        .setName(name)
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(
            Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS).setServiceName(service))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1))
        .build();
  }

  static Cluster edsCluster(String name) {
    return edsCluster(name, name);
  }

  /** Endpoints on 127.0.0.1 at these ports, one locality of weight 1. */
  static ClusterLoadAssignment endpoints(String name, int... ports) {
    LocalityLbEndpoints.Builder locality =
        LocalityLbEndpoints.newBuilder()
            .setLoadBalancingWeight(com.google.protobuf.UInt32Value.of(1));
    for (int port : ports) {
      locality.addLbEndpoints(
          LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(address(port))));
    }
    return ClusterLoadAssignment.newBuilder().setClusterName(name).addEndpoints(locality).build();
  }

  private static Address address(int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(port))
        .build();
  }
}
