package dev.weft.dataplane.proxy.tcp;

import dev.weft.dataplane.accesslog.AccessLog;
import dev.weft.dataplane.config.TcpProxyConfig;
import dev.weft.dataplane.network.Transport;
import dev.weft.dataplane.upstream.ClusterManager;
import java.util.List;

/** What every connection of one tcp_proxy listener shares. Immutable. */
final class TcpProxyListener {
  final TcpProxyConfig config;
  final TcpRouteTable routes;
  final ClusterManager clusters;
  final Transport transport;
  final TcpProxyStats stats;
  final List<AccessLog> accessLogs;

  TcpProxyListener(
      TcpProxyConfig config,
      ClusterManager clusters,
      Transport transport,
      TcpProxyStats stats,
      List<AccessLog> accessLogs) {
    this.config = config;
    this.routes = new TcpRouteTable(config);
    this.clusters = clusters;
    this.transport = transport;
    this.stats = stats;
    this.accessLogs = List.copyOf(accessLogs);
  }
}
