package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A route table: a {@code servers[].routers[]} entry or the {@code config} of a legacy {@code
 * connection_manager} filter (the same shape). Its virtual hosts are inline ({@code virtual_hosts})
 * or one per file of a directory ({@code router_configs}).
 */
final class RouterParser {
  private static final Set<String> KEYS =
      union(HeaderLists.KEYS, Set.of("router_config_name", "virtual_hosts", "router_configs"));
  private static final Set<String> VHOST_KEYS =
      union(HeaderLists.KEYS, Set.of("name", "domains", "routers"));
  private static final Map<String, String> VHOST_IGNORED =
      Map.of(
          "per_filter_config", "Weft has no per-virtual-host stream filter settings yet",
          "require_tls", "MOSN does not use it either");

  private final LoadState state;
  private final RouteParser routes;

  RouterParser(LoadState state) {
    this.state = state;
    this.routes = new RouteParser(state);
  }

  RouterConfig parse(ConfigNode node) {
    state.checkKeys(node, KEYS, Map.of());
    String name = node.nonEmptyString("router_config_name");
    state.references.router(node.require("router_config_name"), name);
    if (node.has("virtual_hosts") && node.has("router_configs")) {
      throw node.error(
          "router_configs", "set either virtual_hosts or router_configs (a directory), not both");
    }
    List<ConfigNode> vhostNodes =
        node.has("router_configs")
            ? LoadState.directory(node.require("router_configs"))
            : node.array("virtual_hosts");
    List<VirtualHostConfig> vhosts = new ArrayList<>();
    Map<String, ConfigNode> domains = new HashMap<>();
    for (ConfigNode vhost : vhostNodes) {
      vhosts.add(virtualHost(vhost, domains));
    }
    return new RouterConfig(
        name, vhosts, HeaderLists.request(node, state), HeaderLists.response(node, state));
  }

  private VirtualHostConfig virtualHost(ConfigNode node, Map<String, ConfigNode> claimed) {
    state.checkKeys(node, VHOST_KEYS, VHOST_IGNORED);
    List<ConfigNode> domainNodes = node.get("domains").map(ConfigNode::elements).orElse(List.of());
    if (domainNodes.isEmpty()) {
      throw node.error("domains", "expected at least one domain, such as \"*\"");
    }
    List<String> domains = new ArrayList<>();
    Set<String> own = new HashSet<>();
    for (ConfigNode domainNode : domainNodes) {
      String domain = domainNode.asString();
      if (domain.isBlank()) {
        throw domainNode.error("expected a domain such as \"example.com\" or \"*\", got \"\"");
      }
      String key = domain.toLowerCase(Locale.ROOT);
      ConfigNode first = claimed.putIfAbsent(key, domainNode);
      if (first != null && !own.contains(key)) {
        throw domainNode.error(
            "domain \"" + domain + "\" is already served by " + place(first, domainNode));
      }
      own.add(key);
      domains.add(domain);
    }
    List<RouteConfig> routeConfigs = new ArrayList<>();
    for (ConfigNode route : node.array("routers")) {
      routeConfigs.add(routes.parse(route));
    }
    return new VirtualHostConfig(
        node.string("name", ""),
        domains,
        routeConfigs,
        HeaderLists.request(node, state),
        HeaderLists.response(node, state));
  }

  private static String place(ConfigNode first, ConfigNode second) {
    String path = first.path();
    int cut = path.lastIndexOf("domains[");
    String vhost = cut <= 0 ? "" : path.substring(0, cut - 1);
    if (!first.source().equals(second.source())) {
      return first.source() + (vhost.isEmpty() ? "" : ": " + vhost);
    }
    return vhost;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
