package dev.weft.peers.common;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A caller peer's control port on 127.0.0.1: the e2e suite asks it over HTTP to make calls ({@code
 * GET /run?calls=100&concurrency=8}) and reads the {@link CallRunner} summary from the answer, so
 * one caller JVM serves many tests. {@code GET /ready} answers 200 once the peer is up; a caller
 * running a {@link CallLoop} serves its counters on {@code GET /stats}.
 */
public final class ControlServer {
  private ControlServer() {}

  /**
   * With {@code --control-port}, serves {@code /run} (and the other paths) and returns; without it,
   * runs once with the command line's own {@code --key value} pairs as the query, prints the
   * summary line and exits (0 when every call got its own reply, 1 otherwise).
   */
  public static void serveOrRunOnce(Args args, Map<String, Function<Args, String>> handlers)
      throws IOException {
    if (args.has("control-port")) {
      start(Integer.parseInt(args.require("control-port")), handlers);
      return;
    }
    String summary = handlers.get("/run").apply(args);
    System.out.println(summary);
    System.exit(summary.contains(" mismatches=0 errors=0 ") ? 0 : 1);
  }

  /** Serves each path with its handler; a handler's exception becomes a 500 with its message. */
  public static HttpServer start(int port, Map<String, Function<Args, String>> handlers)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/ready", exchange -> answer(exchange, 200, "ready"));
    handlers.forEach(
        (path, handler) ->
            server.createContext(
                path,
                exchange -> {
                  String body;
                  int status = 200;
                  try {
                    body = handler.apply(Args.of(query(exchange.getRequestURI().getRawQuery())));
                  } catch (RuntimeException e) {
                    status = 500;
                    body = CallRunner.describe(e);
                  }
                  if (!path.equals(CallLoop.STATS_PATH)) {
                    // The demo loop's counters are read every second: not worth a line each.
                    System.out.println(path + " -> " + body);
                  }
                  answer(exchange, status, body);
                }));
    server.start();
    return server;
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }
}
