package dev.weft.dataplane.config;

import java.util.List;
import java.util.Optional;

/**
 * Everything a sidecar runs: listeners, route tables and clusters, plus the admin endpoint. Names
 * are unique within each list and every reference resolves (a listener's router, a route's cluster)
 * — the parsers check that before building one.
 */
public record SidecarConfig(
    List<ListenerConfig> listeners,
    List<RouterConfig> routers,
    List<ClusterConfig> clusters,
    Optional<AdminConfig> admin) {

  public SidecarConfig {
    listeners = List.copyOf(listeners);
    routers = List.copyOf(routers);
    clusters = List.copyOf(clusters);
  }

  public Optional<RouterConfig> router(String name) {
    return routers.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public Optional<ClusterConfig> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
