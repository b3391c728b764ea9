package dev.weft.cli;

import com.google.protobuf.Any;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
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
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A minimal control plane for the CLI's xDS tests: java-control-plane's ADS server on a SimpleCache
 * snapshot with one HTTP listener (RDS) and one EDS cluster. It records the requests it gets.
 */
final class SnapshotControlPlane implements AutoCloseable {
  private static final String GROUP = "all";
  private static final ConfigSource ADS =
      ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance()).build();

  private final SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
  final List<DiscoveryRequest> requests = new CopyOnWriteArrayList<>();
  private final Server server;

  SnapshotControlPlane(int port) throws IOException {
    DiscoveryServerCallbacks recorder =
        new DiscoveryServerCallbacks() {
          @Override
          public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
            requests.add(request);
          }

          @Override
          public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {}
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(new V3DiscoveryServer(recorder, cache).getAggregatedDiscoveryServiceImpl())
            .build()
            .start();
  }

  /** Listener {@code egress} on {@code listenerPort}: every path → cluster backend → upstream. */
  void serve(int listenerPort, int upstreamPort) {
    HttpConnectionManager hcm =
        HttpConnectionManager.newBuilder()
            .setStatPrefix("egress")
            .setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName("egress_router"))
            .addHttpFilters(
                HttpFilter.newBuilder()
                    .setName("envoy.filters.http.router")
                    .setTypedConfig(Any.pack(Router.getDefaultInstance())))
            .build();
    Listener listener =
        Listener.newBuilder()
            .setName("egress")
            .setAddress(address(listenerPort))
            .addFilterChains(
                FilterChain.newBuilder()
                    .addFilters(
                        Filter.newBuilder()
                            .setName("envoy.filters.network.http_connection_manager")
                            .setTypedConfig(Any.pack(hcm))))
            .build();
    RouteConfiguration routes =
        RouteConfiguration.newBuilder()
            .setName("egress_router")
            .addVirtualHosts(
                VirtualHost.newBuilder()
                    .setName("all")
                    .addDomains("*")
                    .addRoutes(
                        Route.newBuilder()
                            .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                            .setRoute(RouteAction.newBuilder().setCluster("backend"))))
            .build();
    Cluster cluster =
        Cluster.newBuilder()
            .setName("backend")
            .setType(Cluster.DiscoveryType.EDS)
            .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS))
            .build();
    ClusterLoadAssignment endpoints =
        ClusterLoadAssignment.newBuilder()
            .setClusterName("backend")
            .addEndpoints(
                LocalityLbEndpoints.newBuilder()
                    .setLoadBalancingWeight(com.google.protobuf.UInt32Value.of(1))
                    .addLbEndpoints(
                        LbEndpoint.newBuilder()
                            .setEndpoint(Endpoint.newBuilder().setAddress(address(upstreamPort)))))
            .build();
    cache.setSnapshot(
        GROUP,
        Snapshot.create(
            List.of(cluster),
            List.of(endpoints),
            List.of(listener),
            List.of(routes),
            List.of(),
            "1"));
  }

  private static Address address(int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress("127.0.0.1").setPortValue(port))
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(10, TimeUnit.SECONDS);
  }
}
