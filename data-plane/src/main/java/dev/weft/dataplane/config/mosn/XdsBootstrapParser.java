package dev.weft.dataplane.config.mosn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.XdsBootstrap;
import dev.weft.dataplane.config.XdsNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MOSN's xDS mode, the subset of Envoy's bootstrap Weft reads: {@code node}, {@code
 * dynamic_resources.ads_config} (state-of-the-world ADS over gRPC, one service) and the {@code
 * static_resources} cluster it names, whose endpoints are the control plane's replicas in order of
 * preference (the client sticks to the first that answers). Anything else in {@code
 * dynamic_resources} or {@code static_resources} is an error naming where Weft wants it.
 */
final class XdsBootstrapParser {
  private static final String ADS_ONLY =
      "Weft's sidecar takes everything over one ADS stream (dynamic_resources.ads_config)";

  private final LoadState state;

  XdsBootstrapParser(LoadState state) {
    this.state = state;
  }

  XdsBootstrap parse(ConfigNode root) {
    Optional<XdsNode> node = root.get("node").map(this::node);
    Optional<ConfigNode> dynamic = root.get("dynamic_resources").filter(LoadState::isSet);
    if (dynamic.isEmpty()) {
      LoadState.refuse(
          root,
          "static_resources",
          "static_resources only holds the ADS cluster that dynamic_resources names; static"
              + " listeners and clusters go in servers and cluster_manager");
      return new XdsBootstrap(Optional.empty(), node);
    }
    String cluster = adsCluster(dynamic.get());
    List<HostPort> replicas = staticCluster(root, cluster);
    return new XdsBootstrap(Optional.of(replicas), node);
  }

  private XdsNode node(ConfigNode node) {
    state.checkKeys(
        node,
        Set.of("id", "cluster", "locality", "metadata"),
        Map.of(
            "user_agent_name", LoadState.NO_EFFECT,
            "user_agent_version", LoadState.NO_EFFECT,
            "client_features", LoadState.NO_EFFECT,
            "extensions", LoadState.NO_EFFECT));
    String region = "";
    String zone = "";
    String subZone = "";
    Optional<ConfigNode> locality = node.get("locality");
    if (locality.isPresent()) {
      state.checkKeys(locality.get(), Set.of("region", "zone", "sub_zone"), Map.of());
      region = locality.get().string("region", "");
      zone = locality.get().string("zone", "");
      subZone = locality.get().string("sub_zone", "");
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    Optional<ConfigNode> meta = node.get("metadata");
    if (meta.isPresent()) {
      if (!meta.get().isObject()) {
        throw meta.get().error("expected an object, got " + meta.get().describe());
      }
      meta.get()
          .json()
          .getAsJsonObject()
          .entrySet()
          .forEach(e -> metadata.put(e.getKey(), value(e.getValue())));
    }
    return new XdsNode(
        node.string("id", ""), node.string("cluster", ""), region, zone, subZone, metadata);
  }

  /** JSON as plain Java values: String, Double, Boolean, Map, List, null. */
  private static Object value(JsonElement json) {
    if (json == null || json.isJsonNull()) {
      return null;
    }
    if (json.isJsonObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      JsonObject object = json.getAsJsonObject();
      object.entrySet().forEach(e -> map.put(e.getKey(), value(e.getValue())));
      return map;
    }
    if (json.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      json.getAsJsonArray().forEach(element -> list.add(value(element)));
      return list;
    }
    JsonPrimitive primitive = json.getAsJsonPrimitive();
    if (primitive.isBoolean()) {
      return primitive.getAsBoolean();
    }
    if (primitive.isNumber()) {
      return primitive.getAsDouble();
    }
    return primitive.getAsString();
  }

  /** The cluster name {@code ads_config.grpc_services[0].envoy_grpc.cluster_name}. */
  private String adsCluster(ConfigNode dynamic) {
    state.checkKeys(dynamic, Set.of("ads_config", "lds_config", "cds_config"), Map.of());
    for (String key : List.of("lds_config", "cds_config")) {
      dynamic.get(key).ifPresent(this::overAds);
    }
    ConfigNode ads = dynamic.require("ads_config");
    state.checkKeys(
        ads,
        Set.of(
            "api_type", "transport_api_version", "grpc_services", "set_node_on_first_message_only"),
        Map.of(
            "refresh_delay", LoadState.NO_EFFECT,
            "request_timeout", LoadState.NO_EFFECT,
            "rate_limit_settings", LoadState.NO_EFFECT));
    String apiType = ads.string("api_type", "");
    if (!apiType.equals("GRPC")) {
      throw ads.error(
          "api_type",
          "expected \"GRPC\" (state-of-the-world ADS, as in MOSN), got \"" + apiType + "\"");
    }
    String version = ads.string("transport_api_version", "V3");
    if (!version.equals("V3")) {
      throw ads.error("transport_api_version", "expected \"V3\", got \"" + version + "\"");
    }
    List<ConfigNode> services = ads.require("grpc_services").elements();
    if (services.size() != 1) {
      throw ads.error("grpc_services", "expected exactly one service, got " + services.size());
    }
    ConfigNode service = services.get(0);
    state.checkKeys(service, Set.of("envoy_grpc"), Map.of("timeout", LoadState.NO_EFFECT));
    ConfigNode envoyGrpc = service.require("envoy_grpc");
    state.checkKeys(envoyGrpc, Set.of("cluster_name"), Map.of());
    return envoyGrpc.nonEmptyString("cluster_name");
  }

  /** {@code lds_config} / {@code cds_config} may only say {@code {"ads": {}}}. */
  private void overAds(ConfigNode source) {
    state.checkKeys(
        source,
        Set.of("ads", "resource_api_version"),
        Map.of("initial_fetch_timeout", LoadState.NO_EFFECT));
    if (!source.has("ads")) {
      throw source.error("expected {\"ads\": {}}: " + ADS_ONLY);
    }
  }

  /** The endpoints of the {@code static_resources} cluster named {@code name}, in order. */
  private List<HostPort> staticCluster(ConfigNode root, String name) {
    ConfigNode resources = root.require("static_resources");
    state.checkKeys(resources, Set.of("clusters"), Map.of());
    List<HostPort> found = null;
    for (ConfigNode cluster : resources.array("clusters")) {
      String clusterName = cluster.nonEmptyString("name");
      if (!clusterName.equals(name) || found != null) {
        throw cluster.error(
            "name",
            "only the ADS cluster ('"
                + name
                + "') is read from static_resources, once; put static clusters in"
                + " cluster_manager.clusters");
      }
      found = clusterAddresses(cluster);
    }
    if (found == null) {
      throw resources.error(
          "clusters", "no cluster named '" + name + "', which ads_config.grpc_services names");
    }
    return found;
  }

  private List<HostPort> clusterAddresses(ConfigNode cluster) {
    state.checkKeys(
        cluster,
        Set.of("name", "type", "load_assignment"),
        Map.of(
            "connect_timeout",
            "Weft's ADS client gives each connection attempt 5 s",
            "lb_policy",
            "Weft's ADS client takes the endpoints as replicas in order of preference: it stays on"
                + " the first that answers (pick_first)",
            "http2_protocol_options",
            "gRPC always speaks HTTP/2",
            "typed_extension_protocol_options",
            "gRPC always speaks HTTP/2",
            "upstream_connection_options",
            LoadState.NO_EFFECT,
            "circuit_breakers",
            LoadState.NO_EFFECT));
    String type = cluster.string("type", "STATIC");
    if (!Set.of("STATIC", "STRICT_DNS", "LOGICAL_DNS").contains(type)) {
      throw cluster.error(
          "type", "expected STATIC, STRICT_DNS or LOGICAL_DNS, got \"" + type + "\"");
    }
    ConfigNode assignment = cluster.require("load_assignment");
    state.checkKeys(assignment, Set.of("cluster_name", "endpoints"), Map.of());
    List<ConfigNode> addresses = new ArrayList<>();
    for (ConfigNode locality : assignment.array("endpoints")) {
      state.checkKeys(locality, Set.of("lb_endpoints"), Map.of());
      for (ConfigNode lbEndpoint : locality.array("lb_endpoints")) {
        state.checkKeys(lbEndpoint, Set.of("endpoint"), Map.of());
        ConfigNode endpoint = lbEndpoint.require("endpoint");
        state.checkKeys(endpoint, Set.of("address"), Map.of());
        addresses.add(endpoint.require("address"));
      }
    }
    if (addresses.isEmpty()) {
      throw assignment.error(
          "endpoints",
          "expected at least one endpoint (the control plane, or its replicas in order of"
              + " preference), got none");
    }
    List<HostPort> replicas = new ArrayList<>();
    for (ConfigNode address : addresses) {
      state.checkKeys(address, Set.of("socket_address"), Map.of());
      ConfigNode socket = address.require("socket_address");
      state.checkKeys(socket, Set.of("address", "port_value"), Map.of());
      HostPort replica =
          new HostPort(
              socket.nonEmptyString("address"),
              (int) socket.require("port_value").asLong(1, 65535));
      if (replicas.contains(replica)) {
        throw socket.error(
            "expected each control-plane replica once, got " + replica + " a second time");
      }
      replicas.add(replica);
    }
    return List.copyOf(replicas);
  }
}
