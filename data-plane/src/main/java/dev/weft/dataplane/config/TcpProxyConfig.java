package dev.weft.dataplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tcp_proxy} network filter: plain L4 forwarding to a cluster.
 *
 * @param cluster the cluster used when no route matches (may be empty when routes cover all)
 * @param routes clusters chosen by destination or source address
 */
public record TcpProxyConfig(
    String statPrefix,
    String cluster,
    Optional<Duration> idleTimeout,
    int maxConnectAttempts,
    List<Route> routes) {

  public TcpProxyConfig {
    routes = List.copyOf(routes);
  }

  /** A route: a cluster for connections from or to addresses within the given CIDR ranges. */
  public record Route(String cluster, List<Cidr> sourceAddresses, List<Cidr> destinationAddresses) {
    public Route {
      sourceAddresses = List.copyOf(sourceAddresses);
      destinationAddresses = List.copyOf(destinationAddresses);
    }
  }
}
