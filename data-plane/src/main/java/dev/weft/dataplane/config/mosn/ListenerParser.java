package dev.weft.dataplane.config.mosn;

import com.google.gson.JsonObject;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ListenerConfig.ListenerType;
import dev.weft.dataplane.config.RouterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code servers[].listeners[]} entry. Its single filter chain holds the network filters, each of
 * which parses its own {@code config}; a legacy {@code connection_manager} filter carries a route
 * table instead, returned beside the listener.
 */
final class ListenerParser {
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "type",
          "address",
          "network",
          "bind_port",
          "filter_chains",
          "stream_filters",
          "access_logs",
          "connection_idle_timeout",
          "use_original_dst",
          "listener_filters",
          "inspector");
  private static final Map<String, String> IGNORED =
      Map.of(
          "log_path", LoadState.LOGGING,
          "log_level", LoadState.LOGGING,
          "handoff_restoreddestination", LoadState.HOT_UPGRADE,
          "reuseport", LoadState.NO_EFFECT,
          "default_read_buffer_size", "Weft sizes its buffers itself");

  /** What a listener entry holds: the listener, and the route tables of its connection managers. */
  record Parsed(ListenerConfig listener, List<RouterConfig> legacyRouters) {}

  private final LoadState state;
  private final NetworkFilterParser filters;

  ListenerParser(LoadState state, RouterParser routers) {
    this.state = state;
    this.filters = new NetworkFilterParser(state, routers);
  }

  Parsed parse(ConfigNode node) {
    state.checkKeys(node, KEYS, IGNORED);
    LoadState.refuse(node, "use_original_dst", "original-destination listeners (tproxy/redirect)");
    LoadState.refuse(node, "listener_filters", "listener filters");
    LoadState.refuse(node, "inspector", "TLS inspection (Weft serves plaintext only for now)");
    String network = node.string("network", "tcp").toLowerCase(Locale.ROOT);
    if (!network.equals("tcp")) {
      throw node.error("network", "not supported by Weft: \"" + network + "\"; expected \"tcp\"");
    }
    ConfigNode addressNode = node.require("address");
    HostPort address = addressNode.asHostPort();
    String name = node.optString("name").filter(s -> !s.isBlank()).orElse(address.toString());
    checkBindPort(node);
    Optional<Duration> idle = node.optDuration("connection_idle_timeout").filter(d -> !d.isZero());
    state.references.listener(node.get("name").orElse(addressNode), name, addressNode, address);
    NetworkFilterParser.Chain chain = filters.chain(node);
    ListenerConfig listener =
        new ListenerConfig(
            name,
            type(node),
            address,
            true,
            idle,
            chain.networkFilters(),
            filters.streamFilters(node),
            accessLogs(node));
    return new Parsed(listener, chain.legacyRouters());
  }

  private static void checkBindPort(ConfigNode node) {
    String why =
        "the listener would never accept a connection of its own (MOSN hands it connections from"
            + " an original-destination listener, which Weft does not have); set \"bind_port\": true";
    Optional<ConfigNode> bindPort = node.get("bind_port");
    if (bindPort.isEmpty()) {
      throw node.error("bind_port", "is missing, which MOSN reads as false: " + why);
    }
    if (!bindPort.get().asBoolean()) {
      throw bindPort.get().error("is false: " + why);
    }
  }

  private static ListenerType type(ConfigNode node) {
    String type = node.string("type", "").toLowerCase(Locale.ROOT);
    switch (type) {
      case "":
        return ListenerType.UNSPECIFIED;
      case "ingress":
        return ListenerType.INGRESS;
      case "egress":
        return ListenerType.EGRESS;
      default:
        throw node.error(
            "type", "expected \"ingress\" or \"egress\", got \"" + node.string("type") + "\"");
    }
  }

  private List<AccessLogConfig> accessLogs(ConfigNode node) {
    List<AccessLogConfig> logs = new ArrayList<>();
    for (ConfigNode log : node.array("access_logs")) {
      state.checkKeys(log, Set.of("log_path", "log_format"), Map.of());
      String path = log.nonEmptyString("log_path");
      // MOSN's default format applies when log_format is absent or empty.
      String format = log.string("log_format", "");
      try {
        state.vocabulary.accessLogFormatCheck().accept(format);
      } catch (IllegalArgumentException e) {
        throw log.error("log_format", e.getMessage());
      }
      logs.add(new AccessLogConfig(path, format));
    }
    return logs;
  }

  /** An empty {@code config} for a filter written without one. */
  static ConfigNode emptyConfig(ConfigNode filter) {
    return new ConfigNode(filter.source(), filter.path() + ".config", new JsonObject());
  }
}
