package dev.weft.dataplane.config.mosn;

import dev.weft.dataplane.config.ConfigException;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.FilterParser;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.TcpProxyConfig;
import dev.weft.dataplane.extension.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A listener's filters: the network filters of {@code filter_chains[0]} and the {@code
 * stream_filters}. Each registered filter parses its own {@code config}; the names it refers to
 * (routers, clusters) are recorded for the final cross-reference check.
 */
final class NetworkFilterParser {
  static final String CONNECTION_MANAGER = "connection_manager";
  private static final Set<String> FILTER_KEYS = Set.of("type", "config", "go_plugin_config");

  /** Filter chain 0: its network filters, and the route tables of its connection managers. */
  record Chain(List<FilterConfig> networkFilters, List<RouterConfig> legacyRouters) {}

  private final LoadState state;
  private final RouterParser routers;

  NetworkFilterParser(LoadState state, RouterParser routers) {
    this.state = state;
    this.routers = routers;
  }

  Chain chain(ConfigNode listener) {
    List<ConfigNode> chains = listener.array("filter_chains");
    if (chains.isEmpty()) {
      throw listener.error(
          "filter_chains", "expected one filter chain holding a network filter such as proxy");
    }
    if (chains.size() > 1) {
      throw chains
          .get(1)
          .error(
              "not supported by Weft: more than one filter chain (MOSN would use only the first"
                  + " and silently drop the others)");
    }
    ConfigNode chain = chains.get(0);
    state.checkKeys(
        chain,
        Set.of("filters", "tls_context", "tls_context_set"),
        Map.of("match", "MOSN does not use filter chain matches either"));
    TlsCheck.checkContexts(chain, state);
    List<FilterConfig> networkFilters = new ArrayList<>();
    List<RouterConfig> legacyRouters = new ArrayList<>();
    for (ConfigNode filter : chain.array("filters")) {
      state.checkKeys(filter, FILTER_KEYS, Map.of());
      LoadState.refuse(filter, "go_plugin_config", "Go plugins");
      String type = filter.nonEmptyString("type");
      ConfigNode config = filter.get("config").orElse(ListenerParser.emptyConfig(filter));
      if (type.equals(CONNECTION_MANAGER)) {
        legacyRouters.add(routers.parse(config));
        continue;
      }
      FilterParser parser = lookup(filter, state.vocabulary.networkFilters(), CONNECTION_MANAGER);
      Object parsed = parse(parser, config);
      recordReferences(config, parsed);
      networkFilters.add(new FilterConfig(parser.name(), parsed));
    }
    if (networkFilters.isEmpty()) {
      throw chain.error(
          "filters",
          "expected a network filter such as proxy; without one the listener would accept"
              + " connections and do nothing");
    }
    return new Chain(networkFilters, legacyRouters);
  }

  List<FilterConfig> streamFilters(ConfigNode listener) {
    List<FilterConfig> filters = new ArrayList<>();
    for (ConfigNode filter : listener.array("stream_filters")) {
      state.checkKeys(filter, FILTER_KEYS, Map.of());
      LoadState.refuse(filter, "go_plugin_config", "Go plugins");
      FilterParser parser = lookup(filter, state.vocabulary.streamFilters(), null);
      ConfigNode config = filter.get("config").orElse(ListenerParser.emptyConfig(filter));
      filters.add(new FilterConfig(parser.name(), parse(parser, config)));
    }
    return filters;
  }

  private static FilterParser lookup(
      ConfigNode filter, Registry<? extends FilterParser> registry, String alsoKnown) {
    String type = filter.nonEmptyString("type");
    Optional<? extends FilterParser> parser = registry.find(type);
    if (parser.isPresent()) {
      return parser.get();
    }
    TreeSet<String> known = new TreeSet<>(registry.names());
    if (alsoKnown != null) {
      known.add(alsoKnown);
    }
    String expected =
        known.isEmpty()
            ? "Weft has no " + registry.kind() + "s yet"
            : "expected one of " + String.join(", ", known);
    throw filter.error("type", "unknown " + registry.kind() + " '" + type + "'; " + expected);
  }

  /** Runs a filter's own parser; its plain argument errors become errors at its config. */
  private static Object parse(FilterParser parser, ConfigNode config) {
    try {
      return parser.parse(config);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw config.error(e.getMessage());
    }
  }

  private void recordReferences(ConfigNode config, Object parsed) {
    if (parsed instanceof ProxyConfig proxy) {
      state.references.routerReference(
          config.get("router_config_name").orElse(config), proxy.routerConfigName());
    } else if (parsed instanceof TcpProxyConfig tcp) {
      if (!tcp.cluster().isEmpty()) {
        state.references.clusterReference(config.get("cluster").orElse(config), tcp.cluster());
      }
      List<ConfigNode> routeNodes = config.has("routes") ? config.array("routes") : List.of();
      for (int i = 0; i < tcp.routes().size(); i++) {
        ConfigNode where =
            i < routeNodes.size() && routeNodes.get(i).isObject()
                ? routeNodes.get(i).get("cluster").orElse(routeNodes.get(i))
                : config;
        state.references.clusterReference(where, tcp.routes().get(i).cluster());
      }
    }
  }
}
