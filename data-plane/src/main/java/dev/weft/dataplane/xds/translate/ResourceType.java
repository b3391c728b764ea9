package dev.weft.dataplane.xds.translate;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.Arrays;
import java.util.Optional;

/** The four resource types a sidecar takes, by type URL, with the kind its problems name. */
enum ResourceType {
  LISTENER(Listener.getDefaultInstance(), "listener"),
  ROUTE_CONFIGURATION(RouteConfiguration.getDefaultInstance(), "route_configuration"),
  CLUSTER(Cluster.getDefaultInstance(), "cluster"),
  CLUSTER_LOAD_ASSIGNMENT(ClusterLoadAssignment.getDefaultInstance(), "cluster_load_assignment");

  static final String PREFIX = "type.googleapis.com/";

  private final Message prototype;
  private final String kind;

  ResourceType(Message prototype, String kind) {
    this.prototype = prototype;
    this.kind = kind;
  }

  String typeUrl() {
    return PREFIX + prototype.getDescriptorForType().getFullName();
  }

  String kind() {
    return kind;
  }

  /** The message's type name, {@code Listener}. */
  String messageName() {
    return prototype.getDescriptorForType().getName();
  }

  boolean fits(Message resource) {
    return resource.getDescriptorForType().equals(prototype.getDescriptorForType());
  }

  static Optional<ResourceType> of(String typeUrl) {
    return Arrays.stream(values()).filter(t -> t.typeUrl().equals(typeUrl)).findFirst();
  }

  /** The name a resource of this type goes by. */
  String nameOf(Message resource) {
    if (resource instanceof Listener listener) {
      return listener.getName();
    }
    if (resource instanceof RouteConfiguration route) {
      return route.getName();
    }
    if (resource instanceof Cluster cluster) {
      return cluster.getName();
    }
    return ((ClusterLoadAssignment) resource).getClusterName();
  }
}
