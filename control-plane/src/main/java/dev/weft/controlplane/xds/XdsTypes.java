package dev.weft.controlplane.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import java.util.List;

/** The types Weft serves, in make-before-break order: clusters, endpoints, listeners, routes. */
final class XdsTypes {
  static final List<ResourceType> IN_ORDER =
      List.of(
          ResourceType.CLUSTER, ResourceType.ENDPOINT, ResourceType.LISTENER, ResourceType.ROUTE);

  private XdsTypes() {}

  static String url(ResourceType type) {
    return switch (type) {
      case CLUSTER -> Resources.V3.CLUSTER_TYPE_URL;
      case ENDPOINT -> Resources.V3.ENDPOINT_TYPE_URL;
      case LISTENER -> Resources.V3.LISTENER_TYPE_URL;
      case ROUTE -> Resources.V3.ROUTE_TYPE_URL;
      case SECRET -> Resources.V3.SECRET_TYPE_URL;
    };
  }

  /** The type of a URL Weft serves, or null. */
  static ResourceType of(String typeUrl) {
    for (ResourceType type : IN_ORDER) {
      if (url(type).equals(typeUrl)) {
        return type;
      }
    }
    return null;
  }

  /** LDS and CDS: an empty first request means "everything". */
  static boolean wildcardCapable(ResourceType type) {
    return type == ResourceType.LISTENER || type == ResourceType.CLUSTER;
  }
}
