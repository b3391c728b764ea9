package dev.weft.dataplane.proxy.tcp;

import dev.weft.dataplane.config.Cidr;
import dev.weft.dataplane.config.TcpProxyConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Chooses the cluster of a downstream connection: the first route whose source ranges hold the
 * client's address and whose destination ranges hold the address it connected to (an empty list
 * holds every address), else the default cluster.
 *
 * <p>MOSN differs in two ways this table does not copy: it ignores the routes whenever {@code
 * cluster} is set, and a route with an empty list there never matches.
 */
final class TcpRouteTable {
  private final List<TcpProxyConfig.Route> routes;
  private final String defaultCluster;

  TcpRouteTable(TcpProxyConfig config) {
    this.routes = config.routes();
    this.defaultCluster = config.cluster();
  }

  /** The cluster name, or empty when no route matches and there is no default. */
  String clusterFor(SocketAddress source, SocketAddress destination) {
    InetAddress from = address(source);
    InetAddress to = address(destination);
    for (TcpProxyConfig.Route route : routes) {
      if (holds(route.sourceAddresses(), from) && holds(route.destinationAddresses(), to)) {
        return route.cluster();
      }
    }
    return defaultCluster;
  }

  private static boolean holds(List<Cidr> ranges, InetAddress address) {
    if (ranges.isEmpty()) {
      return true;
    }
    if (address == null) {
      return false;
    }
    for (Cidr range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress address(SocketAddress address) {
    return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getAddress() : null;
  }
}
