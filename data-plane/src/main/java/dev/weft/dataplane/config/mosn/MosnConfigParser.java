package dev.weft.dataplane.config.mosn;

import com.google.gson.JsonArray;
import dev.weft.dataplane.config.AdminConfig;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The top of a MOSN {@code config.json}: {@code servers} with their listeners and routers, {@code
 * cluster_manager} and {@code admin}; then the cross-reference check.
 */
final class MosnConfigParser {
  private static final Set<String> KEYS =
      Set.of(
          "servers",
          "cluster_manager",
          "admin",
          "node",
          "static_resources",
          "dynamic_resources",
          "extends",
          "third_part_codec",
          "wasm_global_plugins");
  private static final Map<String, String> IGNORED =
      Map.of(
          "metrics", LoadState.OBSERVABILITY,
          "tracing", LoadState.OBSERVABILITY,
          "pprof", "Weft is not a Go program",
          "pid", LoadState.NO_EFFECT,
          "uds_dir", LoadState.HOT_UPGRADE,
          "plugin", LoadState.NO_EFFECT,
          "disable_upgrade", LoadState.HOT_UPGRADE,
          "close_graceful", LoadState.HOT_UPGRADE,
          "inherit_old_mosnconfig", LoadState.HOT_UPGRADE);
  private static final Set<String> SERVER_KEYS = Set.of("listeners", "routers");
  private static final Map<String, String> SERVER_IGNORED =
      Map.of(
          "mosn_server_name", LoadState.NO_EFFECT,
          "default_log_path", LoadState.LOGGING,
          "default_log_level", LoadState.LOGGING,
          "global_log_roller", LoadState.LOGGING,
          "use_netpoll_mode", LoadState.NO_EFFECT,
          "graceful_timeout", LoadState.HOT_UPGRADE,
          "processor", "set the number of event loops with weft sidecar --workers",
          "optimize_local_write", LoadState.NO_EFFECT);

  private final LoadState state;
  private final RouterParser routers;
  private final ListenerParser listeners;
  private final ClusterParser clusters;

  MosnConfigParser(LoadState state) {
    this.state = state;
    this.routers = new RouterParser(state);
    this.listeners = new ListenerParser(state, routers);
    this.clusters = new ClusterParser(state);
  }

  /**
   * The static config; {@code node}, {@code static_resources} and {@code dynamic_resources} are
   * {@link XdsBootstrapParser}'s.
   *
   * @param listenersRequired false under xDS, where the listeners may all come from the control
   *     plane
   */
  SidecarConfig parse(ConfigNode root, boolean listenersRequired) {
    state.checkKeys(root, KEYS, IGNORED);
    LoadState.refuse(root, "extends", "extensions configured at start-up");
    LoadState.refuse(root, "third_part_codec", "third-party codecs");
    LoadState.refuse(root, "wasm_global_plugins", "WebAssembly plugins");
    List<ListenerConfig> listenerConfigs = new ArrayList<>();
    List<RouterConfig> routerConfigs = new ArrayList<>();
    ConfigNode servers =
        listenersRequired
            ? root.require("servers")
            : root.get("servers").orElse(new ConfigNode(root.source(), "servers", new JsonArray()));
    for (ConfigNode server : servers.elements()) {
      state.checkKeys(server, SERVER_KEYS, SERVER_IGNORED);
      for (ConfigNode router : server.array("routers")) {
        routerConfigs.add(routers.parse(router));
      }
      for (ConfigNode listener : server.array("listeners")) {
        ListenerParser.Parsed parsed = listeners.parse(listener);
        listenerConfigs.add(parsed.listener());
        routerConfigs.addAll(parsed.legacyRouters());
      }
    }
    if (listenerConfigs.isEmpty() && listenersRequired) {
      throw servers.error("expected at least one listener in servers[].listeners");
    }
    List<ClusterConfig> clusterConfigs =
        root.get("cluster_manager").map(clusters::clusterManager).orElse(List.of());
    Optional<AdminConfig> admin = root.get("admin").flatMap(this::admin);
    state.references.check();
    return new SidecarConfig(listenerConfigs, routerConfigs, clusterConfigs, admin);
  }

  /** {@code {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 34901}}}}. */
  private Optional<AdminConfig> admin(ConfigNode node) {
    state.checkKeys(node, Set.of("address"), Map.of());
    if (!node.has("address")) {
      state.warn(node, "no address, so no admin server is started");
      return Optional.empty();
    }
    ConfigNode address = node.require("address");
    state.checkKeys(address, Set.of("socket_address"), Map.of());
    ConfigNode socket = address.require("socket_address");
    state.checkKeys(socket, Set.of("address", "port_value"), Map.of());
    String host = socket.nonEmptyString("address");
    int port = (int) socket.require("port_value").asLong(0, 65535);
    return Optional.of(new AdminConfig(new HostPort(host, port)));
  }
}
