package dev.weft.cli.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a service's endpoints stand on the consumers' side, read from the admin APIs: a sidecar's
 * {@code /api/v1/config_dump}, and for a proxyless client the control plane's {@code /debug/config}
 * and {@code /debug/nodes}.
 */
final class MeshViews {
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

  private final Http http;

  MeshViews(Http http) {
    this.http = http;
  }

  /** A sidecar's {@code /api/v1/config_dump}. */
  private CompletableFuture<JsonObject> configDump(int sidecarAdmin) {
    return http.get(sidecarAdmin, "/api/v1/config_dump")
        .thenApply(body -> JsonParser.parseString(body).getAsJsonObject());
  }

  /** The {@code host:port} of each host of {@code cluster} in a sidecar's config, if it has it. */
  CompletableFuture<List<String>> sidecarHosts(int sidecarAdmin, String cluster) {
    return configDump(sidecarAdmin)
        .thenApply(
            dump -> {
              List<String> hosts = new ArrayList<>();
              JsonObject manager = dump.getAsJsonObject("cluster_manager");
              if (manager == null || !manager.has("clusters")) {
                return hosts;
              }
              for (JsonElement element : manager.getAsJsonArray("clusters")) {
                JsonObject c = element.getAsJsonObject();
                if (c.get("name").getAsString().equals(cluster) && c.has("hosts")) {
                  for (JsonElement host : c.getAsJsonArray("hosts")) {
                    hosts.add(host.getAsJsonObject().get("address").getAsString());
                  }
                }
              }
              return hosts;
            });
  }

  /** The names of the listeners in a sidecar's config. */
  CompletableFuture<List<String>> sidecarListeners(int sidecarAdmin) {
    return configDump(sidecarAdmin)
        .thenApply(
            dump -> {
              List<String> names = new ArrayList<>();
              if (!dump.has("servers")) {
                return names;
              }
              for (JsonElement server : dump.getAsJsonArray("servers")) {
                JsonObject s = server.getAsJsonObject();
                if (s.has("listeners")) {
                  for (JsonElement listener : s.getAsJsonArray("listeners")) {
                    names.add(listener.getAsJsonObject().get("name").getAsString());
                  }
                }
              }
              return names;
            });
  }

  /**
   * The {@code host:port} endpoints of {@code name} in the last EDS response the control plane sent
   * the proxyless client {@code node}; fails while the client has not acknowledged that response.
   */
  CompletableFuture<List<String>> proxylessEndpoints(
      int controlPlaneAdmin, String node, String name) {
    CompletableFuture<Boolean> acked =
        http.get(controlPlaneAdmin, "/debug/nodes").thenApply(body -> edsAcked(body, node));
    CompletableFuture<List<String>> sent =
        http.get(controlPlaneAdmin, "/debug/config?node=" + node)
            .thenApply(body -> endpoints(body, name));
    return acked.thenCombine(
        sent,
        (isAcked, endpoints) -> {
          if (!isAcked) {
            throw new DemoException(node + " has not acknowledged its endpoints yet");
          }
          return endpoints;
        });
  }

  private static boolean edsAcked(String body, String node) {
    for (JsonElement element :
        JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("nodes")) {
      JsonObject stream = element.getAsJsonObject();
      if (stream.get("node").getAsString().equals(node)) {
        JsonObject eds = stream.getAsJsonObject("types").getAsJsonObject(EDS);
        return eds != null
            && !eds.get("sent_version").getAsString().isEmpty()
            && eds.get("sent_version").getAsString().equals(eds.get("acked_version").getAsString());
      }
    }
    return false;
  }

  private static List<String> endpoints(String body, String name) {
    List<String> endpoints = new ArrayList<>();
    JsonObject byName = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject(EDS);
    if (byName == null || !byName.has(name)) {
      return endpoints;
    }
    JsonObject assignment = byName.getAsJsonObject(name);
    if (!assignment.has("endpoints")) {
      return endpoints;
    }
    for (JsonElement locality : assignment.getAsJsonArray("endpoints")) {
      if (!locality.getAsJsonObject().has("lbEndpoints")) {
        continue;
      }
      for (JsonElement lb : locality.getAsJsonObject().getAsJsonArray("lbEndpoints")) {
        JsonObject socket =
            lb.getAsJsonObject()
                .getAsJsonObject("endpoint")
                .getAsJsonObject("address")
                .getAsJsonObject("socketAddress");
        endpoints.add(
            socket.get("address").getAsString() + ":" + socket.get("portValue").getAsInt());
      }
    }
    return endpoints;
  }
}
