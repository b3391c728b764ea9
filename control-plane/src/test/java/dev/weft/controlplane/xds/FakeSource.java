package dev.weft.controlplane.xds;

import com.google.protobuf.Message;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.ServiceId;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resources a test sets by hand: clusters by name (every service is a cluster of that name) and one
 * route config "routes" naming every cluster; a cluster named "bad" is invalid.
 */
final class FakeSource implements ResourceSource {
  final Map<String, Integer> clusters = new ConcurrentHashMap<>();

  @Override
  public Map<String, Message> wildcard(ResourceType type, NodeInfo node, NodeDemand demand) {
    Map<String, Message> out = new TreeMap<>();
    if (type == ResourceType.CLUSTER) {
      clusters.forEach((name, timeout) -> out.put(name, cluster(name, timeout)));
    }
    return out;
  }

  @Override
  public Map<String, Message> named(
      ResourceType type, Set<String> names, NodeInfo node, NodeDemand demand) {
    Map<String, Message> out = new TreeMap<>();
    for (String name : names) {
      if (type == ResourceType.CLUSTER && clusters.containsKey(name)) {
        out.put(name, cluster(name, clusters.get(name)));
      } else if (type == ResourceType.ROUTE && name.equals("routes")) {
        VirtualHost.Builder host = VirtualHost.newBuilder().setName("all").addDomains("*");
        new TreeMap<>(clusters)
            .keySet()
            .forEach(
                c ->
                    host.addRoutes(
                        Route.newBuilder()
                            .setMatch(RouteMatch.newBuilder().setPrefix("/" + c))
                            .setRoute(RouteAction.newBuilder().setCluster(c))));
        out.put(name, RouteConfiguration.newBuilder().setName(name).addVirtualHosts(host).build());
      }
    }
    return out;
  }

  @Override
  public Set<ServiceId> servicesNamed(ResourceType type, Set<String> names) {
    Set<ServiceId> services = new java.util.HashSet<>();
    if (type == ResourceType.CLUSTER) {
      names.forEach(n -> services.add(ServiceId.of(n)));
    }
    return services;
  }

  @Override
  public Optional<String> invalid(ResourceType type, Message resource) {
    return resource instanceof Cluster c && c.getName().equals("bad")
        ? Optional.of("cluster 'bad': it is bad")
        : Optional.empty();
  }

  private static Cluster cluster(String name, int timeoutSeconds) {
    return Cluster.newBuilder()
        .setName(name)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(timeoutSeconds))
        .build();
  }
}
