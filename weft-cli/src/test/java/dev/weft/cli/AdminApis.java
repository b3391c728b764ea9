package dev.weft.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the admin APIs of in-process sidecars and control planes on 127.0.0.1: readiness, the
 * sidecar's config_dump (listeners, cluster hosts, its {@code xds} section) and the control plane's
 * {@code /debug/nodes}.
 */
final class AdminApis {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private AdminApis() {}

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static boolean ready(int admin) throws IOException, InterruptedException {
    return get(admin, "/ready").statusCode() == 200;
  }

  static JsonObject configDump(int admin) throws IOException, InterruptedException {
    return JsonParser.parseString(get(admin, "/api/v1/config_dump").body()).getAsJsonObject();
  }

  /** The {@code xds} section of a sidecar's config_dump. */
  static JsonObject xds(int admin) throws IOException, InterruptedException {
    return configDump(admin).getAsJsonObject("xds");
  }

  /** The replica a sidecar's ADS stream is on ({@code connected_to}), or empty. */
  static String connectedTo(int admin) throws IOException, InterruptedException {
    JsonObject xds = xds(admin);
    return xds.has("connected_to") ? xds.get("connected_to").getAsString() : "";
  }

  static List<String> listeners(int admin) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    for (JsonElement listener :
        configDump(admin)
            .getAsJsonArray("servers")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("listeners")) {
      names.add(listener.getAsJsonObject().get("name").getAsString());
    }
    return names;
  }

  static List<String> clusterHosts(int admin, String cluster)
      throws IOException, InterruptedException {
    List<String> hosts = new ArrayList<>();
    JsonObject manager = configDump(admin).getAsJsonObject("cluster_manager");
    if (manager == null || !manager.has("clusters")) {
      return hosts;
    }
    for (JsonElement c : manager.getAsJsonArray("clusters")) {
      if (c.getAsJsonObject().get("name").getAsString().equals(cluster)
          && c.getAsJsonObject().has("hosts")) {
        for (JsonElement host : c.getAsJsonObject().getAsJsonArray("hosts")) {
          hosts.add(host.getAsJsonObject().get("address").getAsString());
        }
      }
    }
    return hosts;
  }

  /**
   * A control plane's {@code /debug/nodes}: each connected node id with the services its registry
   * session on that replica subscribes to.
   */
  static List<String> debugNodes(int admin) throws IOException, InterruptedException {
    List<String> nodes = new ArrayList<>();
    for (JsonElement node :
        JsonParser.parseString(get(admin, "/debug/nodes").body())
            .getAsJsonObject()
            .getAsJsonArray("nodes")) {
      JsonObject n = node.getAsJsonObject();
      List<String> subscribes = new ArrayList<>();
      n.getAsJsonArray("subscribes").forEach(s -> subscribes.add(s.getAsString()));
      nodes.add(n.get("node").getAsString() + " " + subscribes);
    }
    nodes.sort(null);
    return nodes;
  }

  /** One HTTP/1.1 GET with the Host header the JDK's client will not set. */
  static String rawGet(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
