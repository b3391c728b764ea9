package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.forward;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static dev.weft.dataplane.TestConfigs.route;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Balancers through a real sidecar: weights across two upstreams, and a header pinning a key. */
class LoadBalancingProxyTest {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private HttpServer blue;
  private HttpServer green;
  private Sidecar sidecar;

  @BeforeEach
  void start() throws IOException {
    blue = upstream("blue");
    green = upstream("green");
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(proxyListener("egress", "egress_router", "Http1")),
            List.of(
                router(
                    "egress_router",
                    hashedRoute("/pinned", "hashed", "x-user"),
                    route(prefix("/"), forward("weighted")))),
            List.of(
                cluster("weighted", "LB_WEIGHTED_ROUNDROBIN", 3, 1),
                cluster("hashed", "LB_MAGLEV", 1, 1)),
            Optional.empty()));
  }

  @AfterEach
  void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    blue.stop(0);
    green.stop(0);
  }

  private static HttpServer upstream(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  private static RouteMatch prefix(String prefix) {
    return new RouteMatch(Optional.of(new RouteMatch.Prefix(prefix)), List.of());
  }

  private static RouteConfig hashedRoute(String prefix, String cluster, String header) {
    RouteAction.Forward plain = forward(cluster);
    return route(
        prefix(prefix),
        new RouteAction.Forward(
            plain.cluster(),
            plain.timeout(),
            plain.retry(),
            List.of(new RouteAction.HeaderHash(header)),
            plain.metadataMatch(),
            plain.prefixRewrite(),
            plain.hostRewrite(),
            plain.upstreamProtocol()));
  }

  /** Blue with {@code blueWeight}, green with {@code greenWeight}. */
  private ClusterConfig cluster(String name, String lbType, int blueWeight, int greenWeight) {
    return new ClusterConfig(
        name,
        "SIMPLE",
        lbType,
        List.of(
            new ClusterConfig.HostConfig(
                local(blue.getAddress().getPort()), "", blueWeight, Map.of()),
            new ClusterConfig.HostConfig(
                local(green.getAddress().getPort()), "", greenWeight, Map.of())),
        ClusterConfig.CircuitBreakers.UNLIMITED,
        Duration.ofSeconds(2),
        Optional.empty(),
        0,
        2,
        Optional.empty());
  }

  private String get(String path, String user) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + sidecar.listenerAddress("egress").getPort() + path));
    if (user != null) {
      request.header("x-user", user);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void weightedRoundRobinSplitsRequestsByHostWeight() throws Exception {
    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      served.merge(get("/w" + i, null), 1, Integer::sum);
    }

    // Weights 3:1 over 40 requests: 30 and 10 (a little slack in case a request is retried).
    assertThat(served.get("blue")).isBetween(28, 32);
    assertThat(served.get("green")).isBetween(8, 12);
  }

  @Test
  void aHeaderHashPinsEachKeyToOneUpstream() throws Exception {
    Set<String> used = new HashSet<>();
    for (int user = 0; user < 32; user++) {
      String first = get("/pinned/a", "user-" + user);
      for (int i = 0; i < 2; i++) {
        assertThat(get("/pinned/b" + i, "user-" + user)).as("user-" + user).isEqualTo(first);
      }
      used.add(first);
    }

    // Ports change from run to run, so which key goes where does too; 32 keys all on one host
    // would be a 1 in 2^31 chance.
    assertThat(used).containsExactlyInAnyOrder("blue", "green");
  }
}
