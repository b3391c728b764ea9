package dev.weft.e2e.mesh;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The xDS side of the admin APIs: a sidecar's {@code xds} section of config_dump (its connection,
 * the replica it is on, the versions it holds) and a control plane's {@code /debug/nodes} (the
 * nodes streaming from it, what their sessions there subscribe to, what they ACKed).
 */
final class XdsAdmin {
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

  private XdsAdmin() {}

  /** A sidecar's {@code /api/v1/config_dump?xds} section. */
  static JsonObject sidecar(int sidecarAdmin) throws IOException, InterruptedException {
    return JsonParser.parseString(ControlPlaneFixture.get(sidecarAdmin, "/api/v1/config_dump?xds"))
        .getAsJsonObject();
  }

  /** {@code CONNECTED}, {@code DISCONNECTED} or {@code CONNECTING}. */
  static String connection(int sidecarAdmin) throws IOException, InterruptedException {
    return sidecar(sidecarAdmin).get("connection").getAsString();
  }

  /** The replica the sidecar's ADS stream is on ({@code ip:port}) while connected, or "". */
  static String connectedTo(int sidecarAdmin) throws IOException, InterruptedException {
    JsonObject xds = sidecar(sidecarAdmin);
    return xds.has("connected_to") ? xds.get("connected_to").getAsString() : "";
  }

  /** The version the sidecar accepted last for a type ({@code LDS}, {@code EDS}, ...). */
  static String version(int sidecarAdmin, String type) throws IOException, InterruptedException {
    return sidecar(sidecarAdmin)
        .getAsJsonObject("types")
        .getAsJsonObject(type)
        .get("version")
        .getAsString();
  }

  /**
   * A control plane's {@code /debug/nodes}, by node id: each node's entry (an id with several
   * streams keeps the last listed).
   */
  static TreeMap<String, JsonObject> nodes(int controlPlaneAdmin)
      throws IOException, InterruptedException {
    TreeMap<String, JsonObject> nodes = new TreeMap<>();
    for (JsonElement node :
        JsonParser.parseString(ControlPlaneFixture.get(controlPlaneAdmin, "/debug/nodes"))
            .getAsJsonObject()
            .getAsJsonArray("nodes")) {
      nodes.put(node.getAsJsonObject().get("node").getAsString(), node.getAsJsonObject());
    }
    return nodes;
  }

  /** What a node's session on that control plane subscribes to, as {@code /debug/nodes} says. */
  static Optional<String> subscribes(int controlPlaneAdmin, String nodeId)
      throws IOException, InterruptedException {
    return Optional.ofNullable(nodes(controlPlaneAdmin).get(nodeId))
        .map(node -> node.getAsJsonArray("subscribes").toString());
  }

  /** The version of {@code typeUrl} a node ACKed on that control plane, or "". */
  static String acked(int controlPlaneAdmin, String nodeId, String typeUrl)
      throws IOException, InterruptedException {
    JsonObject node = nodes(controlPlaneAdmin).get(nodeId);
    if (node == null || !node.getAsJsonObject("types").has(typeUrl)) {
      return "";
    }
    return node.getAsJsonObject("types")
        .getAsJsonObject(typeUrl)
        .get("acked_version")
        .getAsString();
  }
}
