package dev.weft.dataplane.xds;

import com.github.udpa.udpa.type.v1.TypedStruct;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.xds.v1.RpcProxy;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names the accepted LDS and CDS resources make a sidecar ask for: the route configurations its
 * listeners take from RDS, and the ClusterLoadAssignments of its EDS clusters.
 */
final class References {
  static final String HCM =
      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3"
          + ".HttpConnectionManager";
  static final String RPC_PROXY = "type.googleapis.com/weft.xds.v1.RpcProxy";
  private static final String XDS_TYPED_STRUCT = "type.googleapis.com/xds.type.v3.TypedStruct";
  private static final String UDPA_TYPED_STRUCT = "type.googleapis.com/udpa.type.v1.TypedStruct";

  private References() {}

  /**
   * The {@code rds.route_config_name} of every HTTP connection manager and {@code weft.rpc_proxy}
   * filter (also as a TypedStruct) in the listeners' filter chains.
   */
  static Set<String> routeNames(Collection<Listener> listeners) {
    Set<String> names = new TreeSet<>();
    for (Listener listener : listeners) {
      List<FilterChain> chains = new ArrayList<>(listener.getFilterChainsList());
      if (listener.hasDefaultFilterChain()) {
        chains.add(listener.getDefaultFilterChain());
      }
      for (FilterChain chain : chains) {
        for (Filter filter : chain.getFiltersList()) {
          if (filter.hasTypedConfig()) {
            rdsName(filter.getTypedConfig()).ifPresent(names::add);
          }
        }
      }
    }
    return names;
  }

  /** The service names ({@code eds_cluster_config.service_name}, else the name) of EDS clusters. */
  static Set<String> endpointNames(Collection<Cluster> clusters) {
    Set<String> names = new TreeSet<>();
    for (Cluster cluster : clusters) {
      if (cluster.hasType() && cluster.getType() == Cluster.DiscoveryType.EDS) {
        String service = cluster.getEdsClusterConfig().getServiceName();
        names.add(service.isEmpty() ? cluster.getName() : service);
      }
    }
    return names;
  }

  private static Optional<String> rdsName(Any config) {
    try {
      switch (config.getTypeUrl()) {
        case HCM -> {
          HttpConnectionManager hcm = config.unpack(HttpConnectionManager.class);
          return hcm.hasRds() ? nonEmpty(hcm.getRds().getRouteConfigName()) : Optional.empty();
        }
        case RPC_PROXY -> {
          RpcProxy proxy = config.unpack(RpcProxy.class);
          return proxy.hasRds() ? nonEmpty(proxy.getRds().getRouteConfigName()) : Optional.empty();
        }
        case XDS_TYPED_STRUCT -> {
          com.github.xds.type.v3.TypedStruct typed =
              config.unpack(com.github.xds.type.v3.TypedStruct.class);
          return structRds(typed.getTypeUrl(), typed.getValue());
        }
        case UDPA_TYPED_STRUCT -> {
          TypedStruct typed = config.unpack(TypedStruct.class);
          return structRds(typed.getTypeUrl(), typed.getValue());
        }
        default -> {
          return Optional.empty();
        }
      }
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty(); // the translation's check reports it
    }
  }

  /** {@code rds.route_config_name} of an HCM or RpcProxy written as JSON in a TypedStruct. */
  private static Optional<String> structRds(String typeUrl, Struct value) {
    if (!typeUrl.equals(HCM) && !typeUrl.equals(RPC_PROXY)) {
      return Optional.empty();
    }
    Value rds = value.getFieldsOrDefault("rds", Value.getDefaultInstance());
    if (!rds.hasStructValue()) {
      return Optional.empty();
    }
    Struct fields = rds.getStructValue();
    for (String key : List.of("route_config_name", "routeConfigName")) {
      Value name = fields.getFieldsOrDefault(key, Value.getDefaultInstance());
      if (name.hasStringValue()) {
        return nonEmpty(name.getStringValue());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nonEmpty(String name) {
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }
}
