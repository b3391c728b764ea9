package dev.weft.dataplane.proxy.tcp;

import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.MetricSet;

/**
 * A tcp_proxy listener's own counters, in its {@code downstream} metric set beside the connection
 * and byte counts every listener has. Upstream connections are counted in the cluster's set.
 */
final class TcpProxyStats {
  final Counter noRoute;
  final Counter noCluster;
  final Counter noHealthyUpstream;
  final Counter upstreamOverflow;
  final Counter connectFailed;
  final Counter idleTimeout;
  final Counter readPaused;

  TcpProxyStats(MetricSet listener) {
    noRoute = listener.counter("tcp_proxy_no_route");
    noCluster = listener.counter("tcp_proxy_no_cluster");
    noHealthyUpstream = listener.counter("tcp_proxy_no_healthy_upstream");
    upstreamOverflow = listener.counter("tcp_proxy_upstream_overflow");
    connectFailed = listener.counter("tcp_proxy_connect_failed");
    idleTimeout = listener.counter("tcp_proxy_idle_timeout");
    readPaused = listener.counter("tcp_proxy_read_paused");
  }
}
