package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.xds.XdsProblem;
import dev.weft.dataplane.xds.XdsResources;
import dev.weft.dataplane.xds.XdsTranslation.Result;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One translation of a whole resource set over the static config: dynamic resources in name order
 * after the static ones, warming applied, cross-resource conflicts (a name or listener address the
 * static config or another resource already has) reported.
 */
final class Assembly {
  private final SidecarConfig base;
  private final Listeners listeners;
  private final Clusters clusters;
  private final List<XdsProblem> problems = new ArrayList<>();
  private final Set<String> warmingListeners = new TreeSet<>();
  private final Set<String> warmingClusters = new TreeSet<>();
  private final List<ListenerConfig> listenerConfigs = new ArrayList<>();
  private final List<RouterConfig> routerConfigs = new ArrayList<>();
  private final List<ClusterConfig> clusterConfigs = new ArrayList<>();

  /** Router name to where it came from, for conflict messages. */
  private final Map<String, String> routerOwners = new HashMap<>();

  Assembly(SidecarConfig base, Listeners listeners, Clusters clusters) {
    this.base = base;
    this.listeners = listeners;
    this.clusters = clusters;
  }

  Result build(XdsResources resources) {
    listenerConfigs.addAll(base.listeners());
    routerConfigs.addAll(base.routers());
    clusterConfigs.addAll(base.clusters());
    base.routers().forEach(r -> routerOwners.put(r.name(), "a static router"));
    routes(resources);
    clusters(resources);
    listeners(resources);
    SidecarConfig config =
        new SidecarConfig(listenerConfigs, routerConfigs, clusterConfigs, base.admin());
    return new Result(config, warmingListeners, warmingClusters, problems);
  }

  private void routes(XdsResources resources) {
    for (RouteConfiguration route : new TreeMap<>(resources.routes()).values()) {
      Problems found = Problems.of(ResourceType.ROUTE_CONFIGURATION, route.getName());
      if (routerOwners.containsKey(route.getName())) {
        found.add("name", "is also the name of " + routerOwners.get(route.getName()));
      }
      RouterConfig router = EnvoyTranslation.route(route, found);
      if (found.isEmpty()) {
        routerConfigs.add(router);
        routerOwners.put(route.getName(), "route_configuration '" + route.getName() + "'");
      }
      problems.addAll(found.list());
    }
  }

  private void clusters(XdsResources resources) {
    Set<String> statics = new TreeSet<>();
    base.clusters().forEach(c -> statics.add(c.name()));
    for (Cluster cluster : new TreeMap<>(resources.clusters()).values()) {
      Problems found = Problems.of(ResourceType.CLUSTER, cluster.getName());
      if (statics.contains(cluster.getName())) {
        found.add("name", "is also the name of a static cluster");
      }
      Clusters.Translated translated = clusters.translate(cluster, found);
      problems.addAll(found.list());
      if (translated == null || !found.isEmpty()) {
        continue;
      }
      if (translated.edsName().isEmpty()) {
        clusterConfigs.add(translated.config());
        continue;
      }
      String edsName = translated.edsName().get();
      ClusterLoadAssignment assignment = resources.endpoints().get(edsName);
      if (assignment == null) {
        warmingClusters.add(cluster.getName());
        continue;
      }
      Problems endpointProblems = Problems.of(ResourceType.CLUSTER_LOAD_ASSIGNMENT, edsName);
      var hosts = Endpoints.hosts(assignment, translated.localityWeighted(), "", endpointProblems);
      problems.addAll(endpointProblems.list());
      if (endpointProblems.isEmpty()) {
        clusterConfigs.add(translated.withHosts(hosts));
      }
    }
  }

  private void listeners(XdsResources resources) {
    Map<String, String> names = new HashMap<>();
    Map<String, String> addresses = new HashMap<>();
    for (ListenerConfig listener : base.listeners()) {
      names.put(listener.name(), "a static listener");
      if (listener.address().port() != 0) {
        addresses.put(listener.address().toString(), "static listener '" + listener.name() + "'");
      }
    }
    for (Listener listener : new TreeMap<>(resources.listeners()).values()) {
      Problems found = Problems.of(ResourceType.LISTENER, listener.getName());
      if (names.containsKey(listener.getName())) {
        found.add("name", "is also the name of " + names.get(listener.getName()));
      }
      Listeners.Translated translated = listeners.translate(listener, found);
      if (translated != null) {
        String address = translated.config().address().toString();
        if (translated.config().address().port() != 0) {
          String owner = addresses.putIfAbsent(address, "listener '" + listener.getName() + "'");
          if (owner != null) {
            found.add("address", address + " is already the address of " + owner);
          }
        }
        translated
            .inline()
            .ifPresent(
                router -> {
                  String owner = routerOwners.get(router.name());
                  if (owner != null) {
                    found.add(
                        "filter_chains",
                        "its inline route table is named '"
                            + router.name()
                            + "', which is also the name of "
                            + owner);
                  }
                });
      }
      problems.addAll(found.list());
      if (translated == null || !found.isEmpty()) {
        continue;
      }
      if (translated.rds().isPresent() && !resources.routes().containsKey(translated.rds().get())) {
        warmingListeners.add(listener.getName());
        continue;
      }
      translated
          .inline()
          .ifPresent(
              router -> {
                routerConfigs.add(router);
                routerOwners.put(router.name(), "listener '" + listener.getName() + "'");
              });
      listenerConfigs.add(translated.config());
    }
  }
}
