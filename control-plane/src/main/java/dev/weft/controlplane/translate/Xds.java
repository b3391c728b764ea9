package dev.weft.controlplane.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import dev.weft.registry.model.ServiceId;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;

/** Small Envoy v3 building blocks shared by the translators. */
final class Xds {
  static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
  static final String DUBBO_PROXY = "envoy.filters.network.dubbo_proxy";
  static final String RPC_PROXY = "weft.rpc_proxy";
  static final String ROUTER = "envoy.filters.http.router";

  /** Every cluster's {@code connect_timeout}. */
  static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(1).build();

  private static final ConfigSource ADS =
      ConfigSource.newBuilder()
          .setAds(AggregatedConfigSource.getDefaultInstance())
          .setResourceApiVersion(ApiVersion.V3)
          .build();

  private static final HttpFilter ROUTER_FILTER =
      HttpFilter.newBuilder()
          .setName(ROUTER)
          .setTypedConfig(Any.pack(Router.getDefaultInstance()))
          .build();

  private Xds() {}

  /** {@code {ads: {}, resource_api_version: V3}}: fetch over the same ADS stream. */
  static ConfigSource ads() {
    return ADS;
  }

  /** Whether {@code source} is {@link #ads()} (or ADS with the default API version). */
  static boolean isAds(ConfigSource source) {
    return source.getConfigSourceSpecifierCase() == ConfigSource.ConfigSourceSpecifierCase.ADS
        && (source.getResourceApiVersion() == ApiVersion.V3
            || source.getResourceApiVersion() == ApiVersion.AUTO);
  }

  static Address address(String host, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
        .build();
  }

  /** RDS over ADS for {@code routeConfigName}. */
  static Rds rds(String routeConfigName) {
    return Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(routeConfigName).build();
  }

  /** An HTTP connection manager routing with RDS, its only (and so last) filter the router. */
  static HttpConnectionManager httpConnectionManager(String statPrefix, String routeConfigName) {
    return HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRds(rds(routeConfigName))
        .addHttpFilters(ROUTER_FILTER)
        .build();
  }

  /** A route matching every request ({@code prefix ""}) that goes to {@code cluster}. */
  static Route routeAll(String name, String prefix, String cluster) {
    return Route.newBuilder()
        .setName(name)
        .setMatch(RouteMatch.newBuilder().setPrefix(prefix))
        .setRoute(RouteAction.newBuilder().setCluster(cluster))
        .build();
  }

  /** {@code type: EDS} over ADS, the EDS service name being the cluster's own name. */
  static Cluster edsCluster(ServiceId service) {
    String name = Naming.cluster(service);
    return cluster(name)
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(
            Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS).setServiceName(name))
        .build();
  }

  /** A static cluster of one address, e.g. the node's own app on loopback. */
  static Cluster staticCluster(String name, String address, int port) {
    return cluster(name)
        .setType(Cluster.DiscoveryType.STATIC)
        .setLoadAssignment(LoadAssignments.single(name, address, port))
        .build();
  }

  /** The base every cluster shares: name, round robin, a one second connect timeout. */
  private static Cluster.Builder cluster(String name) {
    return Cluster.newBuilder()
        .setName(name)
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setConnectTimeout(CONNECT_TIMEOUT);
  }
}
