package dev.weft.controlplane.admin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.weft.controlplane.xds.StreamStatus;
import dev.weft.controlplane.xds.TypeStatus;
import dev.weft.controlplane.xds.XdsServer;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.dubbo_proxy.v3.DubboProxy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.time.Instant;
import java.util.Map;

/** The debug endpoints' JSON: streams as Gson trees, resources with protobuf's JSON mapping. */
final class DebugJson {
  private final Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private final JsonFormat.Printer printer =
      JsonFormat.printer()
          .usingTypeRegistry(
              JsonFormat.TypeRegistry.newBuilder()
                  .add(HttpConnectionManager.getDescriptor())
                  .add(Router.getDescriptor())
                  .add(DubboProxy.getDescriptor())
                  .add(TcpProxy.getDescriptor())
                  .add(dev.weft.api.xds.v1.RpcProxy.getDescriptor())
                  .build());

  String nodes(XdsServer xds) {
    JsonArray nodes = new JsonArray();
    for (StreamStatus stream : xds.streams()) {
      JsonObject node = new JsonObject();
      node.addProperty("node", stream.nodeId());
      node.addProperty("stream", stream.streamId());
      node.addProperty("cluster", stream.cluster());
      node.addProperty("zone", stream.zone());
      node.addProperty("app", stream.app());
      node.addProperty("delta", stream.delta());
      node.addProperty("connected_at", Instant.ofEpochMilli(stream.openedAtMillis()).toString());
      JsonArray subscribes = new JsonArray();
      stream.subscribedServices().forEach(subscribes::add);
      node.add("subscribes", subscribes);
      JsonObject types = new JsonObject();
      for (TypeStatus type : stream.types()) {
        JsonObject status = new JsonObject();
        status.addProperty("wildcard", type.wildcard());
        JsonArray names = new JsonArray();
        type.names().stream().sorted().forEach(names::add);
        status.add("names", names);
        status.addProperty("resources", type.resources());
        status.addProperty("sent_version", type.sentVersion());
        status.addProperty("acked_version", type.ackedVersion());
        if (!type.nackedVersion().isEmpty() || !type.nackError().isEmpty()) {
          status.addProperty("nacked_version", type.nackedVersion());
          status.addProperty("nack_error", type.nackError());
          status.addProperty("nacked_at", Instant.ofEpochMilli(type.nackedAtMillis()).toString());
        }
        types.add(type.typeUrl(), status);
      }
      node.add("types", types);
      nodes.add(node);
    }
    JsonObject root = new JsonObject();
    root.add("nodes", nodes);
    return gson.toJson(root) + "\n";
  }

  String config(Map<String, Map<String, Message>> config) {
    JsonObject root = new JsonObject();
    config.forEach(
        (type, resources) -> {
          JsonObject byName = new JsonObject();
          resources.forEach(
              (name, resource) -> byName.add(name, JsonParser.parseString(print(resource))));
          root.add(type, byName);
        });
    return gson.toJson(root) + "\n";
  }

  String error(String message) {
    JsonObject root = new JsonObject();
    root.addProperty("error", message);
    return gson.toJson(root) + "\n";
  }

  private String print(Message resource) {
    try {
      return printer.print(resource);
    } catch (InvalidProtocolBufferException e) {
      JsonObject fallback = new JsonObject();
      fallback.addProperty("unprintable", e.getMessage());
      return fallback.toString();
    }
  }
}
