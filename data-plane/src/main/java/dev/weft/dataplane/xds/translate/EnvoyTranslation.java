package dev.weft.dataplane.xds.translate;

import com.google.protobuf.Message;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.mosn.MosnVocabulary;
import dev.weft.dataplane.xds.XdsProblem;
import dev.weft.dataplane.xds.XdsResources;
import dev.weft.dataplane.xds.XdsTranslation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Weft's {@link XdsTranslation} of Envoy v3 resources (docs/xds-client.md, "What the sidecar
 * accepts"). Names (protocols, network filters, load balancers, cluster types) are checked against
 * the sidecar's registries, as a MOSN config's are:
 *
 * <pre>{@code
 * XdsTranslation translation = new EnvoyTranslation(sidecar.mosnVocabulary());
 * }</pre>
 *
 * <p>Stateless and thread-safe; pure (no I/O, no DNS, no clock).
 */
public final class EnvoyTranslation implements XdsTranslation {
  private final Listeners listeners;
  private final Clusters clusters;

  public EnvoyTranslation(MosnVocabulary vocabulary) {
    this.listeners = new Listeners(vocabulary);
    this.clusters = new Clusters(vocabulary);
  }

  @Override
  public List<XdsProblem> check(String typeUrl, Message resource) {
    ResourceType type = ResourceType.of(typeUrl).orElse(null);
    if (type == null) {
      String accepted =
          Arrays.stream(ResourceType.values())
              .map(ResourceType::typeUrl)
              .collect(Collectors.joining(", "));
      return List.of(
          new XdsProblem(
              typeUrl, "", typeUrl + ": not a type Weft's sidecar takes; it takes " + accepted));
    }
    if (!type.fits(resource)) {
      return List.of(
          new XdsProblem(
              typeUrl,
              "",
              type.kind()
                  + ": expected a "
                  + type.messageName()
                  + ", got "
                  + resource.getDescriptorForType().getName()));
    }
    Problems problems = Problems.of(type, type.nameOf(resource));
    switch (type) {
      case LISTENER -> listeners.translate((Listener) resource, problems);
      case ROUTE_CONFIGURATION -> route((RouteConfiguration) resource, problems);
      case CLUSTER -> clusters.translate((Cluster) resource, problems);
      case CLUSTER_LOAD_ASSIGNMENT -> endpoints((ClusterLoadAssignment) resource, problems);
    }
    return problems.list();
  }

  @Override
  public Result translate(SidecarConfig base, XdsResources resources) {
    return new Assembly(base, listeners, clusters).build(resources);
  }

  /** The route table, or null after a problem. */
  static RouterConfig route(RouteConfiguration route, Problems problems) {
    if (route.getName().isEmpty()) {
      problems.add("name", "must not be empty");
    }
    return RouteTables.router(route, route.getName(), "", problems);
  }

  static void endpoints(ClusterLoadAssignment assignment, Problems problems) {
    if (assignment.getClusterName().isEmpty()) {
      problems.add("cluster_name", "must not be empty");
    }
    Endpoints.hosts(assignment, false, "", problems);
  }
}
