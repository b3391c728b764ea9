package dev.weft.dataplane.xds;

import dev.weft.dataplane.config.SidecarConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The translation with Envoy's warming rule across updates: a new version of a listener (waiting
 * for its route configuration) or of a cluster (waiting for its endpoints) does not take the place
 * of the version serving until it is warm. So a listener that switches to another route
 * configuration, or a cluster to another EDS service, never stops serving in between; the old
 * version's routes and endpoints are kept (and stay subscribed) until then.
 *
 * <p>A route configuration that no listener names any more is retired, not forgotten: it is no
 * longer asked for, but its last version stays in the served config, because a listener whose
 * filter changed serves the connections it already has with the filter they started with, and that
 * filter names the old route configuration. (MOSN keeps its routers the same way.)
 */
final class Warming {
  private final XdsTranslation translation;
  private final SidecarConfig base;
  private XdsResources serving = XdsResources.EMPTY;
  private Set<String> notServingListeners = Set.of();
  private Set<String> notServingClusters = Set.of();
  private Map<String, RouteConfiguration> retired = Map.of();

  Warming(XdsTranslation translation, SidecarConfig base) {
    this.translation = translation;
    this.base = base;
  }

  /**
   * What applying {@code accepted} (the resources held after a response) would serve.
   *
   * @param held {@code accepted} without routes and endpoints nothing references any more
   * @param serving the resources translated into {@code config}: {@code accepted}, except for
   *     warming listeners and clusters whose previous version still serves
   * @param warmingListeners accepted listeners not warm yet
   * @param warmingClusters accepted clusters not warm yet
   * @param problems non-empty if the translation refused; nothing else is then set
   */
  record Plan(
      XdsResources held,
      XdsResources serving,
      SidecarConfig config,
      Set<String> warmingListeners,
      Set<String> warmingClusters,
      Set<String> notServingListeners,
      Set<String> notServingClusters,
      Map<String, RouteConfiguration> retired,
      List<XdsProblem> problems) {}

  Plan plan(XdsResources accepted) {
    XdsResources candidate =
        keepReferenced(
            accepted,
            union(accepted.listeners(), serving.listeners()),
            union(accepted.clusters(), serving.clusters()));
    XdsTranslation.Result latest = translation.translate(base, withRetired(candidate));
    if (!latest.problems().isEmpty()) {
      return failed(latest.problems());
    }
    Map<String, Listener> listeners = new LinkedHashMap<>(candidate.listeners());
    for (String name : latest.warmingListeners()) {
      Listener previous = serving.listeners().get(name);
      if (previous != null && !notServingListeners.contains(name)) {
        listeners.put(name, previous);
      }
    }
    Map<String, Cluster> clusters = new LinkedHashMap<>(candidate.clusters());
    for (String name : latest.warmingClusters()) {
      Cluster previous = serving.clusters().get(name);
      if (previous != null && !notServingClusters.contains(name)) {
        clusters.put(name, previous);
      }
    }
    XdsResources effective =
        new XdsResources(listeners, candidate.routes(), clusters, candidate.endpoints());
    XdsTranslation.Result served =
        effective.equals(candidate) ? latest : translation.translate(base, withRetired(effective));
    if (!served.problems().isEmpty()) {
      return failed(served.problems());
    }
    XdsResources held =
        keepReferenced(
            candidate,
            union(candidate.listeners(), effective.listeners()),
            union(candidate.clusters(), effective.clusters()));
    Map<String, RouteConfiguration> retiring = new LinkedHashMap<>(retired);
    retiring.putAll(accepted.routes());
    retiring.keySet().removeAll(held.routes().keySet());
    return new Plan(
        held,
        effective,
        served.config(),
        latest.warmingListeners(),
        latest.warmingClusters(),
        served.warmingListeners(),
        served.warmingClusters(),
        Map.copyOf(retiring),
        List.of());
  }

  /** The plan was applied. */
  void commit(Plan plan) {
    serving = plan.serving();
    notServingListeners = plan.notServingListeners();
    notServingClusters = plan.notServingClusters();
    retired = plan.retired();
  }

  /** {@code resources} plus the retired route configurations they do not hold again. */
  private XdsResources withRetired(XdsResources resources) {
    if (retired.isEmpty()) {
      return resources;
    }
    Map<String, RouteConfiguration> routes = new LinkedHashMap<>(retired);
    routes.putAll(resources.routes());
    return new XdsResources(
        resources.listeners(), routes, resources.clusters(), resources.endpoints());
  }

  /** The route configurations to ask for: those the held or serving listeners name. */
  Set<String> routeNames(XdsResources held) {
    return References.routeNames(union(held.listeners(), serving.listeners()));
  }

  /** The EDS services to ask for: those of the held or serving clusters. */
  Set<String> endpointNames(XdsResources held) {
    return References.endpointNames(union(held.clusters(), serving.clusters()));
  }

  private static Plan failed(List<XdsProblem> problems) {
    return new Plan(null, null, null, Set.of(), Set.of(), Set.of(), Set.of(), Map.of(), problems);
  }

  /** {@code resources} without the routes and endpoints these listeners and clusters don't name. */
  private static XdsResources keepReferenced(
      XdsResources resources, List<Listener> listeners, List<Cluster> clusters) {
    Set<String> routes = new TreeSet<>(References.routeNames(listeners));
    Set<String> endpoints = new TreeSet<>(References.endpointNames(clusters));
    return new XdsResources(
        resources.listeners(),
        filter(resources.routes(), routes),
        resources.clusters(),
        filter(resources.endpoints(), endpoints));
  }

  private static <T> List<T> union(Map<String, T> a, Map<String, T> b) {
    return java.util.stream.Stream.concat(a.values().stream(), b.values().stream()).toList();
  }

  private static <T> Map<String, T> filter(Map<String, T> map, Set<String> keep) {
    return map.entrySet().stream()
        .filter(entry -> keep.contains(entry.getKey()))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }
}
