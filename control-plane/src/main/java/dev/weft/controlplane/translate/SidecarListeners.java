package dev.weft.controlplane.translate;

import com.google.protobuf.Any;
import dev.weft.api.xds.v1.RpcProxy;
import dev.weft.registry.model.Protocol;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.MultipleRouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.ProtocolType;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.SerializationType;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A sidecar's listeners and the static clusters of its app. Egress listeners bind loopback (the
 * node's apps dial them); ingress listeners bind every address on a published port and send
 * everything to the app on loopback. The network filter depends on the protocol: Weft's {@code
 * weft.rpc_proxy} for Bolt, Envoy's DubboProxy for Dubbo, the HTTP connection manager for HTTP.
 */
final class SidecarListeners {
  static final String EGRESS_HOST = "127.0.0.1";
  static final String INGRESS_HOST = "0.0.0.0";
  static final String APP_HOST = "127.0.0.1";

  private SidecarListeners() {}

  /** Every listener of the plan, by name. */
  static Map<String, Listener> all(SidecarPlan plan) {
    Map<String, Listener> listeners = new TreeMap<>();
    plan.egressPorts()
        .forEach(
            (protocol, port) -> {
              String name = Naming.egressListener(protocol);
              Filter filter =
                  protocol == Protocol.DUBBO
                      ? dubbo(name, SidecarRoutes.egressDubbo(plan))
                      : filter(protocol, name, Naming.egressRoutes(protocol));
              listeners.put(
                  name, listener(name, EGRESS_HOST, port, TrafficDirection.OUTBOUND, filter));
            });
    for (Map.Entry<Protocol, SortedSet<Integer>> ports : plan.ingressPorts().entrySet()) {
      Protocol protocol = ports.getKey();
      for (int port : ports.getValue()) {
        String name = Naming.ingressListener(protocol, port);
        Filter filter =
            protocol == Protocol.DUBBO
                ? dubbo(name, SidecarRoutes.ingressDubbo())
                : filter(protocol, name, Naming.ingressRoutes(protocol));
        listeners.put(name, listener(name, INGRESS_HOST, port, TrafficDirection.INBOUND, filter));
      }
    }
    return listeners;
  }

  /** The static cluster {@code ingress_<protocol>_app} of each protocol the node publishes. */
  static Map<String, Cluster> appClusters(SidecarPlan plan) {
    Map<String, Cluster> clusters = new TreeMap<>();
    plan.appPorts()
        .forEach(
            (protocol, port) -> {
              String name = Naming.appCluster(protocol);
              clusters.put(name, Xds.staticCluster(name, APP_HOST, port));
            });
    return clusters;
  }

  private static Listener listener(
      String name, String host, int port, TrafficDirection direction, Filter filter) {
    return Listener.newBuilder()
        .setName(name)
        .setAddress(Xds.address(host, port))
        .setTrafficDirection(direction)
        .addFilterChains(FilterChain.newBuilder().addFilters(filter))
        .build();
  }

  /** Bolt and HTTP: a filter that fetches route configuration {@code routes} over ADS. */
  private static Filter filter(Protocol protocol, String statPrefix, String routes) {
    if (protocol == Protocol.BOLT) {
      return Filter.newBuilder()
          .setName(Xds.RPC_PROXY)
          .setTypedConfig(Any.pack(rpcProxy(statPrefix, "bolt", routes)))
          .build();
    }
    return Filter.newBuilder()
        .setName(Xds.HTTP_CONNECTION_MANAGER)
        .setTypedConfig(Any.pack(Xds.httpConnectionManager(statPrefix, routes)))
        .build();
  }

  /** Weft's RPC proxy speaking the MOSN protocol {@code protocol} both ways, routes from RDS. */
  static RpcProxy rpcProxy(String statPrefix, String protocol, String routes) {
    return RpcProxy.newBuilder()
        .setStatPrefix(statPrefix)
        .setProtocol(protocol)
        .setUpstreamProtocol(protocol)
        .setRds(Xds.rds(routes))
        .build();
  }

  private static Filter dubbo(String statPrefix, MultipleRouteConfiguration routes) {
    DubboProxy proxy =
        DubboProxy.newBuilder()
            .setStatPrefix(statPrefix)
            .setProtocolType(ProtocolType.Dubbo)
            .setSerializationType(SerializationType.Hessian2)
            .setMultipleRouteConfig(routes)
            .build();
    return Filter.newBuilder().setName(Xds.DUBBO_PROXY).setTypedConfig(Any.pack(proxy)).build();
  }
}
