package dev.weft.dataplane.proxy;

import dev.weft.dataplane.accesslog.AccessLog;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.network.EventLoops;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.router.RouterTables;
import dev.weft.dataplane.stream.StreamFilter;
import dev.weft.dataplane.stream.StreamFilterChain;
import dev.weft.dataplane.stream.StreamFilterFactory;
import dev.weft.dataplane.upstream.ClusterManager;
import dev.weft.dataplane.upstream.ConnectionPools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the requests of one proxy listener share: its protocols, route table name, stream
 * filters and access logs, and the sidecar's clusters and pools. Immutable; built once per listener
 * config.
 */
final class ProxyListener {
  final String name;
  final List<Protocol> downstreamProtocols;
  final Protocol upstreamOverride;
  final String routerName;
  final ProtocolOptions options;
  final ProtocolRegistry protocols;
  final RouterTables routers;
  final ClusterManager clusters;
  final ConnectionPools pools;
  final EventLoops loops;
  final ListenerStats stats;
  final ListenerStats global;
  final List<AccessLog> accessLogs;
  private final List<Map.Entry<StreamFilterFactory, Object>> streamFilters;

  ProxyListener(
      String name,
      ProxyConfig config,
      ProxyServices services,
      ListenerStats stats,
      ListenerStats global,
      List<Map.Entry<StreamFilterFactory, Object>> streamFilters,
      List<AccessLog> accessLogs) {
    this.name = name;
    this.protocols = services.protocols();
    this.downstreamProtocols = protocols.resolve(config.downstreamProtocols());
    String upstream = config.upstreamProtocol();
    this.upstreamOverride =
        upstream == null || upstream.isEmpty() || upstream.equalsIgnoreCase(ProxyConfig.AUTO)
            ? null
            : protocols.require(upstream);
    this.routerName = config.routerConfigName();
    this.options = ProtocolOptionsParser.toOptions(config.protocolOptions());
    this.routers = services.routers();
    this.clusters = services.clusters();
    this.pools = services.pools();
    this.loops = services.loops();
    this.stats = stats;
    this.global = global;
    this.streamFilters = List.copyOf(streamFilters);
    this.accessLogs = List.copyOf(accessLogs);
  }

  /** The upstream protocol: the route's, else the listener's, else the request's own. */
  Protocol upstreamProtocol(RouteAction.Forward forward, RequestHead head) {
    if (forward.upstreamProtocol().isPresent()) {
      String name = forward.upstreamProtocol().get();
      if (!name.equalsIgnoreCase(ProxyConfig.AUTO)) {
        return protocols.require(name);
      }
    }
    return upstreamOverride != null ? upstreamOverride : protocols.require(head.protocol());
  }

  StreamFilterChain newFilterChain() {
    if (streamFilters.isEmpty()) {
      return StreamFilterChain.empty();
    }
    List<StreamFilter> filters = new ArrayList<>(streamFilters.size());
    for (Map.Entry<StreamFilterFactory, Object> entry : streamFilters) {
      filters.add(entry.getKey().create(entry.getValue()));
    }
    return new StreamFilterChain(filters);
  }
}
