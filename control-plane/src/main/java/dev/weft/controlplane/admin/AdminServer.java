package dev.weft.controlplane.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.controlplane.xds.XdsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin HTTP API: small, read-only, on its own thread so a slow scrape never touches xDS. */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(
      InetSocketAddress address, XdsServer xds, BooleanSupplier ready, Metrics metrics)
      throws IOException {
    server = HttpServer.create(address, 16);
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "weft-control-plane-admin");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    DebugJson json = new DebugJson();
    server.createContext(
        "/debug/nodes", exchange -> send(exchange, 200, "application/json", json.nodes(xds)));
    server.createContext(
        "/debug/config",
        exchange -> {
          String node = query(exchange).get("node");
          if (node == null || node.isEmpty()) {
            send(
                exchange,
                400,
                "application/json",
                json.error("query parameter 'node' is required"));
          } else if (!xds.isConnected(node)) {
            send(exchange, 404, "application/json", json.error("no connected node '" + node + "'"));
          } else {
            send(exchange, 200, "application/json", json.config(xds.config(node)));
          }
        });
    server.createContext(
        "/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4", metrics.render()));
    server.createContext(
        "/ready",
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          send(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "not ready\n");
        });
    server.createContext(
        "/",
        exchange ->
            send(
                exchange,
                404,
                "text/plain",
                "not found; try /debug/nodes, /debug/config?node=<id>, /metrics or /ready\n"));
    server.start();
  }

  public static AdminServer start(
      InetSocketAddress address, XdsServer xds, BooleanSupplier ready, Metrics metrics)
      throws IOException {
    return new AdminServer(address, xds, ready, metrics);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static Map<String, String> query(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    java.util.Map<String, String> params = new java.util.HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        params.put(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        status = 405;
        body = "only GET\n";
        type = "text/plain";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("admin request failed", e);
      throw e;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
