package dev.weft.dataplane;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Short ways to build configs in tests. */
public final class TestConfigs {
  private TestConfigs() {}

  public static ListenerConfig proxyListener(String name, String router, String... protocols) {
    return new ListenerConfig(
        name,
        ListenerConfig.ListenerType.EGRESS,
        new HostPort("127.0.0.1", 0),
        true,
        Optional.empty(),
        List.of(
            new FilterConfig(
                "proxy",
                new ProxyConfig(Arrays.asList(protocols), ProxyConfig.AUTO, router, Map.of()))),
        List.of(),
        List.of());
  }

  /** A proxy listener that speaks {@code upstreamProtocol} upstream, whatever arrives. */
  public static ListenerConfig proxyListenerTo(
      String name, String router, String upstreamProtocol, String... protocols) {
    return new ListenerConfig(
        name,
        ListenerConfig.ListenerType.EGRESS,
        new HostPort("127.0.0.1", 0),
        true,
        Optional.empty(),
        List.of(
            new FilterConfig(
                "proxy",
                new ProxyConfig(Arrays.asList(protocols), upstreamProtocol, router, Map.of()))),
        List.of(),
        List.of());
  }

  public static RouterConfig router(String name, RouteConfig... routes) {
    return new RouterConfig(
        name,
        List.of(
            new VirtualHostConfig(
                "all", List.of("*"), List.of(routes), HeaderMutations.NONE, HeaderMutations.NONE)),
        HeaderMutations.NONE,
        HeaderMutations.NONE);
  }

  public static RouteConfig prefixRoute(String prefix, String cluster) {
    return route(
        new RouteMatch(Optional.of(new RouteMatch.Prefix(prefix)), List.of()), forward(cluster));
  }

  public static RouteConfig route(RouteMatch match, RouteAction action) {
    return new RouteConfig(match, action, HeaderMutations.NONE, HeaderMutations.NONE, Map.of());
  }

  public static RouteAction.Forward forward(String cluster) {
    return new RouteAction.Forward(
        new RouteAction.NamedCluster(cluster),
        RouteAction.Forward.DEFAULT_TIMEOUT,
        Optional.empty(),
        List.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public static ClusterConfig cluster(String name, String lbType, HostPort... hosts) {
    return new ClusterConfig(
        name,
        "SIMPLE",
        lbType,
        Arrays.stream(hosts).map(h -> new ClusterConfig.HostConfig(h, "", 1, Map.of())).toList(),
        ClusterConfig.CircuitBreakers.UNLIMITED,
        Duration.ofSeconds(2),
        Optional.empty(),
        0,
        2,
        Optional.empty());
  }

  public static HostPort local(int port) {
    return new HostPort("127.0.0.1", port);
  }
}
