package dev.weft.dataplane.xds;

import static dev.weft.dataplane.TestConfigs.prefixRoute;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small stand-in for the real translation, enough for the client's tests: HTTP connection
 * managers with RDS become HTTP/1 proxy listeners, route configurations prefix routes, EDS clusters
 * static clusters with their endpoints. Any other network filter is refused by {@link #check}, as
 * the real one refuses what Weft cannot run.
 */
final class FakeTranslation implements XdsTranslation {
  @Override
  public List<XdsProblem> check(String typeUrl, Message resource) {
    if (!(resource instanceof Listener listener)) {
      return List.of();
    }
    List<XdsProblem> problems = new ArrayList<>();
    for (int i = 0; i < listener.getFilterChainsCount(); i++) {
      List<Filter> filters = listener.getFilterChains(i).getFiltersList();
      for (int j = 0; j < filters.size(); j++) {
        String type = filters.get(j).getTypedConfig().getTypeUrl();
        if (!type.equals(References.HCM)) {
          problems.add(
              new XdsProblem(
                  typeUrl,
                  listener.getName(),
                  "listener '"
                      + listener.getName()
                      + "': filter_chains["
                      + i
                      + "].filters["
                      + j
                      + "].typed_config: type '"
                      + type.substring(type.lastIndexOf('/') + 1)
                      + "' is not supported"));
        }
      }
    }
    return problems;
  }

  @Override
  public Result translate(SidecarConfig base, XdsResources resources) {
    Set<String> warmingListeners = new HashSet<>();
    Set<String> warmingClusters = new HashSet<>();
    List<ClusterConfig> clusters = new ArrayList<>(base.clusters());
    for (Cluster cluster : resources.clusters().values()) {
      String service =
          cluster.getEdsClusterConfig().getServiceName().isEmpty()
              ? cluster.getName()
              : cluster.getEdsClusterConfig().getServiceName();
      ClusterLoadAssignment assignment = resources.endpoints().get(service);
      if (assignment == null) {
        warmingClusters.add(cluster.getName());
      } else {
        clusters.add(cluster(cluster.getName(), assignment));
      }
    }
    List<RouterConfig> routers = new ArrayList<>(base.routers());
    resources.routes().values().forEach(route -> routers.add(router(route)));
    List<ListenerConfig> listeners = new ArrayList<>(base.listeners());
    for (Listener listener : resources.listeners().values()) {
      String route = routeName(listener);
      if (resources.routes().containsKey(route)) {
        listeners.add(listener(listener, route));
      } else {
        warmingListeners.add(listener.getName());
      }
    }
    return new Result(
        new SidecarConfig(listeners, routers, clusters, base.admin()),
        warmingListeners,
        warmingClusters,
        List.of());
  }

  private static String routeName(Listener listener) {
    try {
      return listener
          .getFilterChains(0)
          .getFilters(0)
          .getTypedConfig()
          .unpack(HttpConnectionManager.class)
          .getRds()
          .getRouteConfigName();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ListenerConfig listener(Listener listener, String route) {
    return new ListenerConfig(
        listener.getName(),
        ListenerConfig.ListenerType.EGRESS,
        new HostPort(
            listener.getAddress().getSocketAddress().getAddress(),
            listener.getAddress().getSocketAddress().getPortValue()),
        true,
        Optional.empty(),
        List.of(
            new FilterConfig(
                "proxy", new ProxyConfig(List.of("Http1"), ProxyConfig.AUTO, route, Map.of()))),
        List.of(),
        List.of());
  }

  private static RouterConfig router(RouteConfiguration route) {
    List<VirtualHostConfig> hosts = new ArrayList<>();
    for (VirtualHost host : route.getVirtualHostsList()) {
      List<RouteConfig> routes = new ArrayList<>();
      for (Route r : host.getRoutesList()) {
        routes.add(prefixRoute(r.getMatch().getPrefix(), r.getRoute().getCluster()));
      }
      hosts.add(
          new VirtualHostConfig(
              host.getName(),
              host.getDomainsList(),
              routes,
              HeaderMutations.NONE,
              HeaderMutations.NONE));
    }
    return new RouterConfig(route.getName(), hosts, HeaderMutations.NONE, HeaderMutations.NONE);
  }

  private static ClusterConfig cluster(String name, ClusterLoadAssignment assignment) {
    List<ClusterConfig.HostConfig> hosts = new ArrayList<>();
    for (LocalityLbEndpoints locality : assignment.getEndpointsList()) {
      for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
        var socket = endpoint.getEndpoint().getAddress().getSocketAddress();
        hosts.add(
            new ClusterConfig.HostConfig(
                new HostPort(socket.getAddress(), socket.getPortValue()), "", 1, Map.of()));
      }
    }
    return new ClusterConfig(
        name,
        "STATIC",
        "LB_ROUNDROBIN",
        hosts,
        ClusterConfig.CircuitBreakers.UNLIMITED,
        Duration.ofSeconds(2),
        Optional.empty(),
        0,
        2,
        Optional.empty());
  }
}
