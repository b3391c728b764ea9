package dev.weft.dataplane.xds.translate;

import dev.weft.api.xds.v1.RpcProxy;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.TcpProxyConfig;
import dev.weft.dataplane.config.mosn.MosnVocabulary;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A listener's network filter, by the type of its {@code typed_config}: the HTTP connection
 * manager, {@code weft.xds.v1.RpcProxy} and DubboProxy become Weft's {@code proxy} filter, TcpProxy
 * its {@code tcp_proxy}, with the same config records a MOSN config gives.
 */
final class NetworkFilters {
  static final String PROXY = "proxy";
  static final String TCP_PROXY = "tcp_proxy";

  /** Envoy's tcp_proxy idle timeout when none is set; 0 turns it off. */
  static final Duration TCP_IDLE_TIMEOUT = Duration.ofHours(1);

  private static final String ACCEPTED =
      "Weft accepts "
          + HttpConnectionManager.getDescriptor().getFullName()
          + ", "
          + RpcProxy.getDescriptor().getFullName()
          + ", "
          + DubboProxy.getDescriptor().getFullName()
          + ", "
          + TcpProxy.getDescriptor().getFullName();

  /**
   * A translated filter.
   *
   * @param rds the route configuration it waits for, if from RDS
   * @param inline its inline route table, if any
   * @param idleTimeout the connections' idle timeout it asks for
   */
  record Translated(
      FilterConfig filter,
      Optional<String> rds,
      Optional<RouterConfig> inline,
      Optional<Duration> idleTimeout) {}

  private final MosnVocabulary vocabulary;
  private final ConnectionManagers connectionManagers;

  NetworkFilters(MosnVocabulary vocabulary) {
    this.vocabulary = vocabulary;
    this.connectionManagers = new ConnectionManagers(vocabulary);
  }

  /** The filter of listener {@code listener}; null after a problem. */
  Translated translate(Filter filter, String listener, String path, Problems problems) {
    Fields.only(
        filter,
        path,
        problems,
        Set.of("name", "typed_config"),
        Map.of("config_discovery", "filter discovery (ECDS)"));
    String at = Problems.at(path, "typed_config");
    if (!filter.hasTypedConfig()) {
      problems.add(at, "is required; " + ACCEPTED);
      return null;
    }
    Typed typed = Typed.of(filter.getTypedConfig(), at, problems);
    if (typed == null) {
      return null;
    }
    if (typed.is(HttpConnectionManager.getDefaultInstance())) {
      return hcm(
          typed.unpack(HttpConnectionManager.getDefaultInstance(), at, problems),
          listener,
          at,
          problems);
    }
    if (typed.is(RpcProxy.getDefaultInstance())) {
      return rpc(typed.unpack(RpcProxy.getDefaultInstance(), at, problems), listener, at, problems);
    }
    if (typed.is(DubboProxy.getDefaultInstance())) {
      return dubbo(
          typed.unpack(DubboProxy.getDefaultInstance(), at, problems), listener, at, problems);
    }
    if (typed.is(TcpProxy.getDefaultInstance())) {
      return tcp(typed.unpack(TcpProxy.getDefaultInstance(), at, problems), at, problems);
    }
    problems.unsupported(
        at, "filter '" + filter.getName() + "' of type " + typed.typeName() + "; " + ACCEPTED);
    return null;
  }

  private Translated hcm(
      HttpConnectionManager hcm, String listener, String path, Problems problems) {
    if (hcm == null || !registered(PROXY, path, problems)) {
      return null;
    }
    Routing routing =
        routing(
            hcm.hasRds() ? hcm.getRds() : null,
            hcm.hasRouteConfig() ? hcm.getRouteConfig() : null,
            listener,
            path,
            problems);
    ConnectionManagers.Translated translated =
        connectionManagers.translate(hcm, routing == null ? "" : routing.name(), path, problems);
    if (routing == null || translated == null) {
      return null;
    }
    return new Translated(
        new FilterConfig(PROXY, translated.proxy()),
        routing.rds(),
        routing.inline(),
        translated.idleTimeout());
  }

  private Translated rpc(RpcProxy rpc, String listener, String path, Problems problems) {
    if (rpc == null || !registered(PROXY, path, problems)) {
      return null;
    }
    int before = problems.size();
    Fields.only(
        rpc,
        path,
        problems,
        Set.of("stat_prefix", "protocol", "upstream_protocol", "rds", "route_config"));
    String protocol = protocol(rpc.getProtocol(), Problems.at(path, "protocol"), problems);
    String upstream =
        rpc.getUpstreamProtocol().isEmpty()
            ? protocol
            : protocol(rpc.getUpstreamProtocol(), Problems.at(path, "upstream_protocol"), problems);
    Routing routing =
        routing(
            rpc.hasRds() ? rpc.getRds() : null,
            rpc.hasRouteConfig() ? rpc.getRouteConfig() : null,
            listener,
            path,
            problems);
    if (routing == null || problems.size() != before) {
      return null;
    }
    ProxyConfig proxy =
        new ProxyConfig(java.util.List.of(protocol), upstream, routing.name(), Map.of());
    return new Translated(
        new FilterConfig(PROXY, proxy), routing.rds(), routing.inline(), Optional.empty());
  }

  private Translated dubbo(DubboProxy dubbo, String listener, String path, Problems problems) {
    if (dubbo == null || !registered(PROXY, path, problems)) {
      return null;
    }
    String protocol = protocol(DubboRoutes.DUBBO, path, problems);
    String name = inlineName(listener, dubbo.getMultipleRouteConfig().getName());
    DubboRoutes.Translated translated =
        DubboRoutes.translate(dubbo, protocol, name, path, problems);
    if (protocol == null || translated == null) {
      return null;
    }
    return new Translated(
        new FilterConfig(PROXY, translated.proxy()),
        Optional.empty(),
        Optional.of(translated.router()),
        Optional.empty());
  }

  private Translated tcp(TcpProxy tcp, String path, Problems problems) {
    if (tcp == null || !registered(TCP_PROXY, path, problems)) {
      return null;
    }
    int before = problems.size();
    Fields.only(
        tcp,
        path,
        problems,
        Set.of("stat_prefix", "cluster", "idle_timeout", "max_connect_attempts"),
        Map.of(
            "weighted_clusters", "weighted clusters in tcp_proxy",
            "on_demand", "on-demand clusters",
            "metadata_match", "subset load balancing in tcp_proxy",
            "access_log", "access logs from xDS",
            "hash_policy", "hash policies in tcp_proxy",
            "tunneling_config", "tunneling over HTTP",
            "max_downstream_connection_duration", "maximum connection durations"));
    if (tcp.getCluster().isEmpty()) {
      problems.add(Problems.at(path, "cluster"), "must not be empty");
    }
    int attempts = tcp.hasMaxConnectAttempts() ? tcp.getMaxConnectAttempts().getValue() : 1;
    if (attempts < 1 || attempts > 100) {
      problems.add(
          Problems.at(path, "max_connect_attempts"),
          "expected 1 to 100, got " + Integer.toUnsignedString(attempts));
    }
    Duration idle = tcp.hasIdleTimeout() ? Fields.duration(tcp.getIdleTimeout()) : TCP_IDLE_TIMEOUT;
    if (problems.size() != before) {
      return null;
    }
    TcpProxyConfig config =
        new TcpProxyConfig(
            tcp.getStatPrefix(),
            tcp.getCluster(),
            idle.isZero() ? Optional.empty() : Optional.of(idle),
            attempts,
            java.util.List.of());
    return new Translated(
        new FilterConfig(TCP_PROXY, config), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Where a proxy's routes come from: RDS by name, or inline under a generated name. */
  private record Routing(String name, Optional<String> rds, Optional<RouterConfig> inline) {}

  private Routing routing(
      Rds rds, RouteConfiguration inline, String listener, String path, Problems problems) {
    if (rds != null) {
      String at = Problems.at(path, "rds");
      Fields.only(rds, at, problems, Set.of("config_source", "route_config_name"));
      ConfigSources.requireAds(rds.getConfigSource(), Problems.at(at, "config_source"), problems);
      if (rds.getRouteConfigName().isEmpty()) {
        problems.add(Problems.at(at, "route_config_name"), "must not be empty");
        return null;
      }
      return new Routing(
          rds.getRouteConfigName(), Optional.of(rds.getRouteConfigName()), Optional.empty());
    }
    if (inline != null) {
      String name = inlineName(listener, inline.getName());
      RouterConfig router =
          RouteTables.router(inline, name, Problems.at(path, "route_config"), problems);
      return router == null ? null : new Routing(name, Optional.empty(), Optional.of(router));
    }
    problems.add(path, "expected rds or route_config");
    return null;
  }

  /** The route table name of an inline route config: {@code <listener>/<its name or "inline">}. */
  static String inlineName(String listener, String name) {
    return listener + "/" + (name.isEmpty() ? "inline" : name);
  }

  private boolean registered(String filter, String path, Problems problems) {
    if (vocabulary.networkFilters().find(filter).isPresent()) {
      return true;
    }
    problems.add(path, "this sidecar has no network filter '" + filter + "' to run it with");
    return false;
  }

  /** The protocol's registered name (so {@code BOLT} is {@code bolt}); null after a problem. */
  private String protocol(String name, String path, Problems problems) {
    if (name.isEmpty() || name.equalsIgnoreCase(ProxyConfig.AUTO)) {
      problems.add(
          path, "expected a protocol: one of " + Fields.names(vocabulary.protocols().names()));
      return null;
    }
    var protocol = vocabulary.protocols().find(name);
    if (protocol.isEmpty()) {
      problems.add(
          path,
          "unknown protocol '"
              + name
              + "'; expected one of "
              + Fields.names(vocabulary.protocols().names()));
      return null;
    }
    return protocol.get().name();
  }
}
