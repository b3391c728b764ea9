package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.ProtocolType;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.SerializationType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code envoy.filters.network.dubbo_proxy} as Weft's {@code proxy} filter for {@code dubbo}, with
 * its inline routes as one route table of one {@code *} virtual host. Weft's Dubbo codec shows a
 * request's interface as header {@code service}, and {@code version}, {@code method} and {@code
 * group} (an attachment) likewise; each Dubbo route becomes a header rule on them, in order.
 */
final class DubboRoutes {
  static final String DUBBO = "dubbo";
  private static final String DUBBO_ROUTER = "envoy.filters.dubbo.router";
  private static final Set<String> FIELDS =
      Set.of(
          "stat_prefix",
          "protocol_type",
          "serialization_type",
          "route_config",
          "multiple_route_config",
          "dubbo_filters");
  private static final Set<String> TABLE =
      Set.of("name", "interface", "group", "version", "routes");

  private DubboRoutes() {}

  /** The proxy config and its route table. */
  record Translated(ProxyConfig proxy, RouterConfig router) {}

  /** The filter, with its route table named {@code routerName}; null after a problem. */
  static Translated translate(
      DubboProxy dubbo, String protocol, String routerName, String path, Problems problems) {
    int before = problems.size();
    Fields.only(dubbo, path, problems, FIELDS, Map.of("drds", "Dubbo route discovery (DRDS)"));
    if (dubbo.getProtocolType() != ProtocolType.Dubbo) {
      problems.unsupported(
          Problems.at(path, "protocol_type"), dubbo.getProtocolType() + "; Weft speaks Dubbo");
    }
    if (dubbo.getSerializationType() != SerializationType.Hessian2) {
      problems.unsupported(
          Problems.at(path, "serialization_type"),
          dubbo.getSerializationType() + "; Weft reads Hessian2");
    }
    for (int i = 0; i < dubbo.getDubboFiltersCount(); i++) {
      String name = dubbo.getDubboFilters(i).getName();
      if (!name.equals(DUBBO_ROUTER)) {
        problems.unsupported(
            Problems.at(path, "dubbo_filters", i),
            "Dubbo filter '" + name + "'; Weft runs only " + DUBBO_ROUTER);
      }
    }
    List<RouteConfiguration> tables = dubbo.getRouteConfigList();
    String tablesPath = Problems.at(path, "route_config");
    if (dubbo.hasMultipleRouteConfig()) {
      if (!tables.isEmpty()) {
        problems.add(
            Problems.at(path, "multiple_route_config"),
            "set either route_config or multiple_route_config, not both");
      }
      Fields.only(
          dubbo.getMultipleRouteConfig(),
          Problems.at(path, "multiple_route_config"),
          problems,
          Set.of("name", "route_config"));
      tables = dubbo.getMultipleRouteConfig().getRouteConfigList();
      tablesPath = Problems.at(path, "multiple_route_config.route_config");
    }
    List<RouteConfig> routes = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      table(tables.get(i), tablesPath + "[" + i + "]", routes, problems);
    }
    if (problems.size() != before) {
      return null;
    }
    VirtualHostConfig any =
        new VirtualHostConfig(
            DUBBO, List.of("*"), routes, HeaderMutations.NONE, HeaderMutations.NONE);
    return new Translated(
        new ProxyConfig(List.of(protocol), protocol, routerName, Map.of()),
        new RouterConfig(routerName, List.of(any), HeaderMutations.NONE, HeaderMutations.NONE));
  }

  private static void table(
      RouteConfiguration table, String path, List<RouteConfig> out, Problems problems) {
    Fields.only(table, path, problems, TABLE);
    List<HeaderMatcher> common = new ArrayList<>();
    HeaderMatcher service = interfaceMatcher(table.getInterface());
    if (service != null) {
      common.add(service);
    }
    if (!table.getGroup().isEmpty()) {
      common.add(new HeaderMatcher("group", table.getGroup(), false, false));
    }
    if (!table.getVersion().isEmpty()) {
      common.add(new HeaderMatcher("version", table.getVersion(), false, false));
    }
    for (int i = 0; i < table.getRoutesCount(); i++) {
      RouteConfig route =
          route(table.getRoutes(i), Problems.at(path, "routes", i), common, problems);
      if (route != null) {
        out.add(route);
      }
    }
  }

  /** {@code *} (or empty) is any interface; {@code *suffix} and {@code prefix*} are wildcards. */
  private static HeaderMatcher interfaceMatcher(String name) {
    if (name.isEmpty() || name.equals("*")) {
      return null;
    }
    if (name.startsWith("*")) {
      return new HeaderMatcher("service", ".*" + Pattern.quote(name.substring(1)), true, false);
    }
    if (name.endsWith("*")) {
      String prefix = name.substring(0, name.length() - 1);
      return new HeaderMatcher("service", Pattern.quote(prefix) + ".*", true, false);
    }
    Matchers.Text text = Matchers.Text.exact(name);
    return new HeaderMatcher("service", text.value(), text.regex(), false);
  }

  private static RouteConfig route(
      Route route, String path, List<HeaderMatcher> common, Problems problems) {
    int before = problems.size();
    Fields.only(route, path, problems, Set.of("match", "route"));
    List<HeaderMatcher> headers = new ArrayList<>(common);
    var match = route.getMatch();
    String matchPath = Problems.at(path, "match");
    Fields.only(match, matchPath, problems, Set.of("method", "headers"));
    if (match.hasMethod()) {
      String methodPath = Problems.at(matchPath, "method");
      Fields.only(
          match.getMethod(),
          methodPath,
          problems,
          Set.of("name"),
          Map.of("params_match", "matching method parameters"));
      if (match.getMethod().hasName()) {
        Matchers.Text text =
            Matchers.string(match.getMethod().getName(), Problems.at(methodPath, "name"), problems);
        if (text != null) {
          headers.add(new HeaderMatcher("method", text.value(), text.regex(), false));
        }
      }
    }
    for (int i = 0; i < match.getHeadersCount(); i++) {
      HeaderMatcher header =
          Matchers.header(match.getHeaders(i), Problems.at(matchPath, "headers", i), problems);
      if (header != null) {
        headers.add(header);
      }
    }
    var action = route.getRoute();
    String actionPath = Problems.at(path, "route");
    Fields.only(
        action, actionPath, problems, Set.of("cluster", "weighted_clusters", "metadata_match"));
    RouteAction.ClusterSpecifier cluster = null;
    if (action.hasWeightedClusters()) {
      cluster =
          Forwards.weighted(
              action.getWeightedClusters(), Problems.at(actionPath, "weighted_clusters"), problems);
    } else if (action.getCluster().isEmpty()) {
      problems.add(actionPath, "expected cluster or weighted_clusters");
    } else {
      cluster = new RouteAction.NamedCluster(action.getCluster());
    }
    Map<String, String> metadata =
        Fields.metadata(
            action.getMetadataMatch(),
            "envoy.lb",
            Problems.at(actionPath, "metadata_match"),
            problems);
    if (problems.size() != before) {
      return null;
    }
    RouteAction.Forward forward =
        new RouteAction.Forward(
            cluster,
            RouteAction.Forward.DEFAULT_TIMEOUT,
            Optional.empty(),
            List.of(),
            metadata,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return new RouteConfig(
        new RouteMatch(Optional.empty(), headers),
        forward,
        HeaderMutations.NONE,
        HeaderMutations.NONE,
        Map.of());
  }
}
