package dev.weft.dataplane.filter.fault;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.dataplane.stream.StreamFilterFactory;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault filter on requests proxied through a real sidecar. */
class FaultFilterProxyTest {
  @TempDir Path dir;
  private HttpServer upstream;
  private final AtomicInteger upstreamRequests = new AtomicInteger();
  private Sidecar sidecar;
  private FaultFilterFactory fault;
  private Path log;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          upstreamRequests.incrementAndGet();
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
  }

  @AfterEach
  void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    upstream.stop(0);
  }

  private void startSidecar(String faultJson) {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    StreamFilterFactory factory = sidecar.extensions().streamFilters().require("fault");
    fault = (FaultFilterFactory) factory;
    Object config = factory.parse(ConfigNode.root("test.json", JsonParser.parseString(faultJson)));
    log = dir.resolve("access.log");
    ListenerConfig listener =
        new ListenerConfig(
            "egress",
            ListenerConfig.ListenerType.EGRESS,
            new HostPort("127.0.0.1", 0),
            true,
            Optional.empty(),
            List.of(
                new FilterConfig(
                    "proxy",
                    new ProxyConfig(
                        List.of("Http1"), ProxyConfig.AUTO, "egress_router", Map.of()))),
            List.of(new FilterConfig("fault", config)),
            List.of(new AccessLogConfig(log.toString(), "%response_code% %response_flag%")));
    sidecar.start(
        new SidecarConfig(
            List.of(listener),
            List.of(router("egress_router", prefixRoute("/", "backend"))),
            List.of(cluster("backend", "LB_ROUNDROBIN", local(upstream.getAddress().getPort()))),
            Optional.empty()));
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    int port = sidecar.listenerAddress("egress").getPort();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> awaitLog(int lines) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> Files.exists(log) ? Files.readAllLines(log) : List.<String>of(),
            l -> l.size() >= lines);
  }

  @Test
  void aDelayedRequestIsHeldOnATimerThenForwarded() throws Exception {
    startSidecar("{\"delay\": {\"fixed_delay\": \"50ms\", \"percentage\": 100}}");

    HttpResponse<String> response = get("/d", Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(upstreamRequests).hasValue(1);
    assertThat(fault.delaysInjected()).isEqualTo(1);
    assertThat(fault.abortsInjected()).isZero();
    assertThat(awaitLog(1)).containsExactly("200 DI");
  }

  @Test
  void anAbortedRequestIsAnsweredWithTheStatusAndNeverForwarded() throws Exception {
    startSidecar("{\"abort\": {\"status\": 503, \"percentage\": 100}}");

    HttpResponse<String> response = get("/a", Map.of());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("fault filter abort");
    assertThat(upstreamRequests).hasValue(0);
    assertThat(fault.abortsInjected()).isEqualTo(1);
    assertThat(awaitLog(1)).containsExactly("503 FI");
  }

  @Test
  void aDelayThenAnAbortMarksBoth() throws Exception {
    startSidecar(
        "{\"delay\": {\"fixed_delay\": \"10ms\", \"percentage\": 100},"
            + " \"abort\": {\"status\": 429, \"percentage\": 100}}");

    assertThat(get("/b", Map.of()).statusCode()).isEqualTo(429);
    assertThat(upstreamRequests).hasValue(0);
    assertThat(awaitLog(1)).containsExactly("429 FI,DI");
  }

  @Test
  void percentageZeroNeverInjects() throws Exception {
    startSidecar(
        "{\"delay\": {\"fixed_delay\": \"1h\", \"percentage\": 0},"
            + " \"abort\": {\"status\": 500, \"percentage\": 0}}");

    for (int i = 0; i < 20; i++) {
      assertThat(get("/z" + i, Map.of()).statusCode()).isEqualTo(200);
    }

    assertThat(upstreamRequests).hasValue(20);
    assertThat(fault.delaysInjected()).isZero();
    assertThat(fault.abortsInjected()).isZero();
    assertThat(awaitLog(20)).containsOnly("200 -");
  }

  @Test
  void onlyRequestsWithTheConfiguredHeadersAreFaulted() throws Exception {
    startSidecar(
        "{\"abort\": {\"status\": 503, \"percentage\": 100},"
            + " \"headers\": [{\"name\": \"x-user\", \"value\": \"b.*\", \"regex\": true}]}");

    assertThat(get("/h", Map.of("X-User", "bob")).statusCode()).isEqualTo(503);
    assertThat(get("/h", Map.of("X-User", "alice")).statusCode()).isEqualTo(200);
    assertThat(get("/h", Map.of()).statusCode()).isEqualTo(200);
    assertThat(upstreamRequests).hasValue(2);
  }
}
