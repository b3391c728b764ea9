package dev.weft.controlplane.translate;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.weft.controlplane.translate.SidecarPlan.Target;
import dev.weft.registry.model.Protocol;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.MethodMatch;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.MultipleRouteConfiguration;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sidecar's route tables. Bolt and HTTP tables are RDS resources ({@code egress_<p>_router},
 * {@code ingress_<p>_router}); Dubbo's are inline in the listener's DubboProxy filter, since Dubbo
 * has no standard RDS type.
 */
final class SidecarRoutes {
  /** The request header SOFA RPC puts the service's {@code interface:version} (its dataId) in. */
  static final String SERVICE_HEADER = "service";

  /**
   * Istio's default for HTTP: retry a connect failure, a refused stream or a 503 (a provider's
   * sidecar answers 503 when its app is gone) twice, never on a host already tried.
   */
  static final RetryPolicy HTTP_RETRY =
      RetryPolicy.newBuilder()
          .setRetryOn("connect-failure,refused-stream,retriable-status-codes")
          .addRetriableStatusCodes(503)
          .setNumRetries(UInt32Value.of(2))
          .addRetryHostPredicate(
              RetryPolicy.RetryHostPredicate.newBuilder()
                  .setName("envoy.retry_host_predicates.previous_hosts")
                  .setTypedConfig(Any.pack(PreviousHostsPredicate.getDefaultInstance())))
          .build();

  private static final StringMatcher ANY_METHOD =
      StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(".*")).build();

  private SidecarRoutes() {}

  /** The RDS route configurations of the plan's egress and ingress listeners, by name. */
  static Map<String, RouteConfiguration> all(SidecarPlan plan) {
    Map<String, RouteConfiguration> routes = new TreeMap<>();
    if (plan.egressPorts().containsKey(Protocol.BOLT)) {
      put(routes, egressBolt(plan));
    }
    Integer httpPort = plan.egressPorts().get(Protocol.HTTP);
    if (httpPort != null) {
      put(routes, egressHttp(plan, httpPort));
    }
    for (Protocol protocol : plan.ingressPorts().keySet()) {
      if (protocol != Protocol.DUBBO) {
        put(routes, ingress(protocol));
      }
    }
    return routes;
  }

  private static void put(Map<String, RouteConfiguration> routes, RouteConfiguration config) {
    routes.put(config.getName(), config);
  }

  /** One virtual host for all; a route per service matching its dataId in the service header. */
  static RouteConfiguration egressBolt(SidecarPlan plan) {
    VirtualHost.Builder host =
        VirtualHost.newBuilder().setName(Naming.egressListener(Protocol.BOLT)).addDomains("*");
    for (Target target : plan.targets()) {
      host.addRoutes(
          Route.newBuilder()
              .setName(target.cluster())
              .setMatch(
                  RouteMatch.newBuilder()
                      .setPrefix("")
                      .addHeaders(
                          HeaderMatcher.newBuilder()
                              .setName(SERVICE_HEADER)
                              .setStringMatch(
                                  StringMatcher.newBuilder().setExact(target.dataId()))))
              .setRoute(RouteAction.newBuilder().setCluster(target.cluster())));
    }
    return RouteConfiguration.newBuilder()
        .setName(Naming.egressRoutes(Protocol.BOLT))
        .addVirtualHosts(host)
        .build();
  }

  /** A virtual host per service, matching the host {@code <dataId>} or {@code <dataId>:<port>}. */
  static RouteConfiguration egressHttp(SidecarPlan plan, int egressPort) {
    RouteConfiguration.Builder config =
        RouteConfiguration.newBuilder().setName(Naming.egressRoutes(Protocol.HTTP));
    for (Target target : plan.targets()) {
      config.addVirtualHosts(
          VirtualHost.newBuilder()
              .setName(target.cluster())
              .addDomains(target.dataId())
              .addDomains(target.dataId() + ":" + egressPort)
              .setRetryPolicy(HTTP_RETRY)
              .addRoutes(Xds.routeAll(target.cluster(), "/", target.cluster())));
    }
    return config.build();
  }

  /** Everything that reaches an ingress listener goes to the node's app. */
  static RouteConfiguration ingress(Protocol protocol) {
    String prefix = protocol == Protocol.HTTP ? "/" : "";
    String app = Naming.appCluster(protocol);
    return RouteConfiguration.newBuilder()
        .setName(Naming.ingressRoutes(protocol))
        .addVirtualHosts(
            VirtualHost.newBuilder()
                .setName("ingress_" + protocol.id())
                .addDomains("*")
                .addRoutes(Xds.routeAll(app, prefix, app)))
        .build();
  }

  /** {@code egress_dubbo_router}: per service, its dataId as the interface, any method. */
  static MultipleRouteConfiguration egressDubbo(SidecarPlan plan) {
    MultipleRouteConfiguration.Builder routes =
        MultipleRouteConfiguration.newBuilder().setName(Naming.egressRoutes(Protocol.DUBBO));
    for (Target target : plan.targets()) {
      routes.addRouteConfig(dubbo(target.cluster(), target.dataId(), target.cluster()));
    }
    return routes.build();
  }

  /** {@code ingress_dubbo_router}: any interface ({@code "*"}), any method, to the app. */
  static MultipleRouteConfiguration ingressDubbo() {
    String app = Naming.appCluster(Protocol.DUBBO);
    return MultipleRouteConfiguration.newBuilder()
        .setName(Naming.ingressRoutes(Protocol.DUBBO))
        .addRouteConfig(dubbo(app, "*", app))
        .build();
  }

  private static io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteConfiguration
      dubbo(String name, String iface, String cluster) {
    return io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteConfiguration
        .newBuilder()
        .setName(name)
        .setInterface(iface)
        .addRoutes(
            io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.Route.newBuilder()
                .setMatch(
                    io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteMatch
                        .newBuilder()
                        .setMethod(MethodMatch.newBuilder().setName(ANY_METHOD)))
                .setRoute(
                    io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteAction
                        .newBuilder()
                        .setCluster(cluster)))
        .build();
  }
}
