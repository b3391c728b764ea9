package dev.weft.controlplane.translate;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules a resource must meet before it is published, so a client never gets (and NACKs, or worse,
 * silently drops) it: the ones Envoy and gRPC enforce that a translation bug could break. Messages
 * read {@code <kind> '<name>': <field> <problem>}, e.g. {@code cluster 'x':
 * load_assignment.endpoints[0].load_balancing_weight must be >= 1}.
 */
final class ResourceValidator {
  private static final Any HCM_EXAMPLE = Any.pack(HttpConnectionManager.getDefaultInstance());

  private ResourceValidator() {}

  static Optional<String> invalid(ResourceType type, Message resource) {
    String problem =
        switch (type) {
          case LISTENER ->
              resource instanceof Listener l ? listener(l) : wrongType(type, "Listener", resource);
          case ROUTE ->
              resource instanceof RouteConfiguration r
                  ? routes(r)
                  : wrongType(type, "RouteConfiguration", resource);
          case CLUSTER ->
              resource instanceof Cluster c ? cluster(c) : wrongType(type, "Cluster", resource);
          case ENDPOINT ->
              resource instanceof ClusterLoadAssignment a
                  ? assignment(a)
                  : wrongType(type, "ClusterLoadAssignment", resource);
          case SECRET -> null;
        };
    return Optional.ofNullable(problem);
  }

  private static String wrongType(ResourceType type, String expected, Message resource) {
    return type + ": expected a " + expected + ", got " + resource.getDescriptorForType().getName();
  }

  private static String listener(Listener listener) {
    String at = "listener '" + listener.getName() + "': ";
    if (listener.getName().isEmpty()) {
      return at + "name must not be empty";
    }
    if (!listener.hasAddress() && !listener.hasApiListener()) {
      return at + "needs an address or an api_listener";
    }
    if (listener.hasAddress()) {
      String problem = port("address", listener.getAddress());
      if (problem != null) {
        return at + problem;
      }
    }
    if (listener.hasApiListener()) {
      Any api = listener.getApiListener().getApiListener();
      if (api.getTypeUrl().equals(HCM_EXAMPLE.getTypeUrl())) {
        try {
          HttpConnectionManager hcm = api.unpack(HttpConnectionManager.class);
          int count = hcm.getHttpFiltersCount();
          if (count == 0 || !hcm.getHttpFilters(count - 1).getName().equals(Xds.ROUTER)) {
            return at + "api_listener.api_listener.http_filters must end with " + Xds.ROUTER;
          }
        } catch (InvalidProtocolBufferException e) {
          return at + "api_listener.api_listener is not a valid HttpConnectionManager";
        }
      }
    }
    return null;
  }

  private static String routes(RouteConfiguration config) {
    String at = "route_configuration '" + config.getName() + "': ";
    if (config.getName().isEmpty()) {
      return at + "name must not be empty";
    }
    for (int i = 0; i < config.getVirtualHostsCount(); i++) {
      VirtualHost host = config.getVirtualHosts(i);
      for (int j = 0; j < host.getRoutesCount(); j++) {
        Route route = host.getRoutes(j);
        if (route.hasRoute()
            && route.getRoute().getClusterSpecifierCase()
                != RouteAction.ClusterSpecifierCase.WEIGHTED_CLUSTERS
            && route.getRoute().getCluster().isEmpty()) {
          return at + "virtual_hosts[" + i + "].routes[" + j + "].route.cluster must not be empty";
        }
      }
    }
    return null;
  }

  private static String cluster(Cluster cluster) {
    String at = "cluster '" + cluster.getName() + "': ";
    if (cluster.getName().isEmpty()) {
      return at + "name must not be empty";
    }
    if (cluster.getType() == Cluster.DiscoveryType.EDS
        && !Xds.isAds(cluster.getEdsClusterConfig().getEdsConfig())) {
      return at + "eds_cluster_config.eds_config must be {ads: {}} (EDS over ADS)";
    }
    if (cluster.hasLoadAssignment()) {
      String problem = endpoints("load_assignment.", cluster.getLoadAssignment());
      if (problem != null) {
        return at + problem;
      }
    }
    return null;
  }

  private static String assignment(ClusterLoadAssignment assignment) {
    String at = "cluster_load_assignment '" + assignment.getClusterName() + "': ";
    if (assignment.getClusterName().isEmpty()) {
      return at + "cluster_name must not be empty";
    }
    String problem = endpoints("", assignment);
    return problem == null ? null : at + problem;
  }

  private static String endpoints(String prefix, ClusterLoadAssignment assignment) {
    Map<List<Object>, Integer> seen = new HashMap<>();
    for (int i = 0; i < assignment.getEndpointsCount(); i++) {
      LocalityLbEndpoints locality = assignment.getEndpoints(i);
      String at = prefix + "endpoints[" + i + "]";
      // uint32: a weight above 2^31 is a negative int, and fine.
      if (!locality.hasLoadBalancingWeight() || locality.getLoadBalancingWeight().getValue() == 0) {
        return at + ".load_balancing_weight must be >= 1";
      }
      Locality where = locality.getLocality();
      List<Object> key =
          List.of(locality.getPriority(), where.getRegion(), where.getZone(), where.getSubZone());
      Integer earlier = seen.putIfAbsent(key, i);
      if (earlier != null) {
        return at + ".locality duplicates " + prefix + "endpoints[" + earlier + "]";
      }
      for (int j = 0; j < locality.getLbEndpointsCount(); j++) {
        LbEndpoint endpoint = locality.getLbEndpoints(j);
        String field = at + ".lb_endpoints[" + j + "].endpoint.address";
        if (!endpoint.getEndpoint().getAddress().hasSocketAddress()) {
          return field + ".socket_address is missing";
        }
        String problem = port(field, endpoint.getEndpoint().getAddress());
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private static String port(String field, Address address) {
    if (!address.hasSocketAddress()) {
      return null;
    }
    int port = address.getSocketAddress().getPortValue();
    if (port < 1 || port > 65535) {
      return field
          + ".socket_address.port_value must be from 1 to 65535, is "
          + Integer.toUnsignedString(port);
    }
    return null;
  }
}
