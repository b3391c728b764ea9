package dev.weft.dataplane.admin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /api/v1/config_dump}: the config being served, as JSON in MOSN's {@code config.json} shape
 * ({@code servers[0].listeners}, {@code servers[0].routers}, {@code cluster_manager.clusters},
 * {@code admin}), secrets redacted by {@link Secrets}.
 *
 * <p>Under xDS the whole dump also has an {@code xds} section ({@link XdsJson}): per type the
 * accepted version, the latest nonce, the names subscribed and held, the last NACK; the control
 * plane's address and the connection state.
 *
 * <p>At most one query key: {@code mosnconfig} (the process-level part: everything except
 * listeners, routers and clusters), {@code alllisteners}, {@code allrouters}, {@code allclusters}
 * (objects keyed by name), {@code listener=NAME}, {@code router=NAME}, {@code cluster=NAME} (one
 * object; 404 for an unknown name), {@code xds} (the xDS section; 404 without xDS).
 */
final class ConfigDump {
  static final List<String> KEYS =
      List.of(
          "mosnconfig",
          "alllisteners",
          "allrouters",
          "allclusters",
          "listener",
          "router",
          "cluster",
          "xds");

  private final Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private final Optional<HostPort> adminAddress;

  /**
   * @param adminAddress the admin address in effect, dumped as the {@code admin} block
   */
  ConfigDump(Optional<HostPort> adminAddress) {
    this.adminAddress = adminAddress;
  }

  AdminResponse answer(SidecarConfig config, Map<String, List<String>> query) {
    return answer(config, Optional.empty(), query);
  }

  /** As {@link #answer(SidecarConfig, Map)}, with the {@code xds} section when under xDS. */
  AdminResponse answer(
      SidecarConfig config, Optional<XdsStatus> xds, Map<String, List<String>> query) {
    if (query.isEmpty()) {
      JsonObject full = full(config);
      xds.ifPresent(status -> full.add("xds", XdsJson.status(status)));
      return json(full);
    }
    if (query.size() > 1 || query.values().iterator().next().size() > 1) {
      return AdminResponse.text(
          400, "config_dump takes at most one query key, one of " + String.join(", ", KEYS));
    }
    String key = query.keySet().iterator().next();
    String name = query.get(key).get(0);
    return switch (key) {
      case "mosnconfig" -> json(processLevel());
      case "alllisteners" ->
          json(byName(config.listeners(), ListenerConfig::name, ConfigJson::listener));
      case "allrouters" -> json(byName(config.routers(), RouterConfig::name, RouterJson::router));
      case "allclusters" ->
          json(byName(config.clusters(), ClusterConfig::name, ConfigJson::cluster));
      case "listener" ->
          one(key, name, config.listeners(), ListenerConfig::name, ConfigJson::listener);
      case "router" -> one(key, name, config.routers(), RouterConfig::name, RouterJson::router);
      case "cluster" -> one(key, name, config.clusters(), ClusterConfig::name, ConfigJson::cluster);
      case "xds" ->
          xds.map(status -> json(XdsJson.status(status)))
              .orElseGet(() -> AdminResponse.text(404, "this sidecar does not run under xDS"));
      default ->
          AdminResponse.text(
              400,
              "unknown config_dump key '" + key + "': expected one of " + String.join(", ", KEYS));
    };
  }

  /** The whole config. */
  JsonObject full(SidecarConfig config) {
    JsonObject root = processLevel();
    JsonObject server = root.getAsJsonArray("servers").get(0).getAsJsonObject();
    server.add("listeners", array(config.listeners(), ConfigJson::listener));
    server.add("routers", array(config.routers(), RouterJson::router));
    root.getAsJsonObject("cluster_manager")
        .add("clusters", array(config.clusters(), ConfigJson::cluster));
    return root;
  }

  private JsonObject processLevel() {
    JsonObject root = new JsonObject();
    JsonArray servers = new JsonArray();
    JsonObject server = new JsonObject();
    server.addProperty("mosn_server_name", "weft");
    servers.add(server);
    root.add("servers", servers);
    root.add("cluster_manager", new JsonObject());
    adminAddress.ifPresent(address -> root.add("admin", ConfigJson.admin(address)));
    return root;
  }

  private <T> AdminResponse one(
      String key,
      String name,
      List<T> items,
      Function<T, String> nameOf,
      Function<T, JsonObject> toJson) {
    if (name.isEmpty()) {
      return AdminResponse.text(400, "config_dump?" + key + "=NAME needs a name");
    }
    return items.stream()
        .filter(item -> nameOf.apply(item).equals(name))
        .findFirst()
        .map(item -> json(toJson.apply(item)))
        .orElseGet(() -> AdminResponse.text(404, "no " + key + " named '" + name + "'"));
  }

  private static <T> JsonObject byName(
      List<T> items, Function<T, String> nameOf, Function<T, JsonObject> toJson) {
    JsonObject all = new JsonObject();
    items.forEach(item -> all.add(nameOf.apply(item), toJson.apply(item)));
    return all;
  }

  static <T> JsonArray array(List<T> items, Function<T, ? extends JsonElement> toJson) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(toJson.apply(item)));
    return array;
  }

  private AdminResponse json(JsonObject tree) {
    Secrets.redact(tree);
    return AdminResponse.json(gson.toJson(tree));
  }
}
