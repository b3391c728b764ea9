package dev.weft.peers.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.peers.common.Args;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP provider on 127.0.0.1:{@code --port}: {@code GET /echo/<token>} is answered 200 with
 * {@code "<name> echo:<token>"}; anything else 404. On SIGTERM it stops accepting and gives
 * exchanges in flight a second to finish.
 */
final class HttpProvider {
  static final String PATH = "/echo/";

  private HttpProvider() {}

  static void run(Args args) throws IOException {
    int port = Integer.parseInt(args.require("port"));
    String name = args.get("name", "http-provider");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    server.setExecutor(threads);
    server.createContext("/", exchange -> answer(exchange, name));
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(1);
                  threads.shutdown();
                },
                "http-provider-stop"));
    System.out.println("READY http-provider port=" + port + " name=" + name);
  }

  private static void answer(HttpExchange exchange, String name) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean echo = "GET".equals(exchange.getRequestMethod()) && path.startsWith(PATH);
      byte[] body =
          (echo ? name + " echo:" + path.substring(PATH.length()) : "not found: " + path)
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(echo ? 200 : 404, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
