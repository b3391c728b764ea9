package dev.weft.dataplane.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A listener: an address and the network filters that handle its connections (the proxy filter or
 * tcp_proxy), with the stream filters and access logs of the proxy.
 *
 * @param idleTimeout close a connection idle this long; empty means never
 */
public record ListenerConfig(
    String name,
    ListenerType type,
    HostPort address,
    boolean bindPort,
    Optional<Duration> idleTimeout,
    List<FilterConfig> networkFilters,
    List<FilterConfig> streamFilters,
    List<AccessLogConfig> accessLogs) {

  public ListenerConfig {
    networkFilters = List.copyOf(networkFilters);
    streamFilters = List.copyOf(streamFilters);
    accessLogs = List.copyOf(accessLogs);
  }

  /** MOSN's listener {@code type}: informational, except for naming and metrics. */
  public enum ListenerType {
    INGRESS,
    EGRESS,
    UNSPECIFIED
  }
}
