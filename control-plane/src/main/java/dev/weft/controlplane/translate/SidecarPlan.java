package dev.weft.controlplane.translate;

import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.Subscription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sidecar node gets, before any message is built: its egress listeners, its ingress ports,
 * and its subscriptions by cluster name. Every collection is sorted, so output built from a plan is
 * in a stable order.
 *
 * @param subscriptions the subscribed services by cluster name; a service subscribed both zone-only
 *     and not counts as not zone-only (the wider one wins)
 * @param egressPorts the egress port of each sidecar protocol the node has one for
 * @param ingressPorts the published ports of each sidecar protocol, except a port that is the
 *     protocol's app port or an egress port (such a listener could not bind, or would loop)
 * @param appPorts the local app's port of each protocol in {@code ingressPorts}
 */
record SidecarPlan(
    SortedMap<String, Subscription> subscriptions,
    SortedMap<Protocol, Integer> egressPorts,
    SortedMap<Protocol, SortedSet<Integer>> ingressPorts,
    SortedMap<Protocol, Integer> appPorts) {
  /** Protocols a sidecar has listeners for; gRPC is served proxyless (docs/xds-mapping.md). */
  static final Set<Protocol> SIDECAR_PROTOCOLS =
      Set.of(Protocol.BOLT, Protocol.DUBBO, Protocol.HTTP);

  /** One route target: requests for {@code dataId} go to {@code cluster}. */
  record Target(String dataId, String cluster) {}

  static SidecarPlan of(NodeInfo node, NodeDemand demand) {
    SortedMap<String, Subscription> subscriptions = new TreeMap<>();
    for (Subscription subscription : demand.subscriptions()) {
      subscriptions.merge(
          Naming.cluster(subscription.service()), subscription, (a, b) -> a.zoneOnly() ? b : a);
    }
    SortedMap<Protocol, Integer> egress = new TreeMap<>();
    node.egressPorts()
        .forEach(
            (protocol, port) -> {
              if (SIDECAR_PROTOCOLS.contains(protocol)) {
                egress.put(protocol, port);
              }
            });
    Set<Integer> egressPortSet = new HashSet<>(egress.values());
    SortedMap<Protocol, SortedSet<Integer>> ingress = new TreeMap<>();
    SortedMap<Protocol, Integer> app = new TreeMap<>();
    for (Publication publication : demand.publications()) {
      for (Endpoint endpoint : publication.endpoints()) {
        Protocol protocol = endpoint.protocol();
        Integer appPort = appPort(node, protocol);
        if (!SIDECAR_PROTOCOLS.contains(protocol)
            || appPort == null
            || appPort == endpoint.port()
            || egressPortSet.contains(endpoint.port())) {
          continue;
        }
        ingress.computeIfAbsent(protocol, p -> new TreeSet<>()).add(endpoint.port());
        app.put(protocol, appPort);
      }
    }
    return new SidecarPlan(
        Collections.unmodifiableSortedMap(subscriptions),
        Collections.unmodifiableSortedMap(egress),
        Collections.unmodifiableSortedMap(ingress),
        Collections.unmodifiableSortedMap(app));
  }

  /**
   * The route targets of the egress routers, by cluster name. Services that share a {@code dataId}
   * (other group or instance id) cannot be told apart by a request; the first cluster name wins.
   */
  List<Target> targets() {
    List<Target> targets = new ArrayList<>(subscriptions.size());
    Set<String> seen = new HashSet<>();
    subscriptions.forEach(
        (cluster, subscription) -> {
          String dataId = subscription.service().dataId();
          if (seen.add(dataId)) {
            targets.add(new Target(dataId, cluster));
          }
        });
    return targets;
  }

  /**
   * The node's app port for {@code protocol}, falling back to {@link NodeInfo#DEFAULT_APP_PORTS}.
   */
  private static Integer appPort(NodeInfo node, Protocol protocol) {
    Integer port = node.appPorts().get(protocol);
    return port != null ? port : NodeInfo.DEFAULT_APP_PORTS.get(protocol);
  }
}
