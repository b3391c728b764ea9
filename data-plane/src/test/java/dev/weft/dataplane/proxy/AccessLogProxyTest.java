package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.testing.FreePorts;
import java.io.InputStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access log lines for requests proxied through a real sidecar. */
class AccessLogProxyTest {
  private static final String FIELDS =
      "%response_code% %response_flag% %bytes_received% %bytes_sent% %upstream_cluster%"
          + " %upstream_host% %protocol%";
  private static final byte[] BODY = "hello from upstream".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private HttpServer upstream;
  private Sidecar sidecar;
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
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          exchange.getResponseHeaders().add("X-Upstream", "yes");
          exchange.sendResponseHeaders(200, BODY.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
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

  /** "/api" goes to the upstream, "/down" to a port nothing listens on, the rest nowhere. */
  private void startSidecar(AccessLogConfig... logs) {
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
            List.of(),
            List.of(logs));
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(listener),
            List.of(
                router(
                    "egress_router", prefixRoute("/api", "backend"), prefixRoute("/down", "dead"))),
            List.of(
                cluster("backend", "LB_ROUNDROBIN", local(upstream.getAddress().getPort())),
                cluster("dead", "LB_ROUNDROBIN", local(FreePorts.loopback()))),
            Optional.empty()));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    int port = sidecar.listenerAddress("egress").getPort();
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private static List<String> awaitLines(Path file, int count) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> Files.exists(file) ? Files.readAllLines(file) : List.<String>of(),
            lines -> lines.size() >= count);
  }

  @Test
  void aProxiedRequestIsLoggedWithStatusBytesAndUpstream() throws Exception {
    Path file = dir.resolve("access.log");
    startSidecar(new AccessLogConfig(file.toString(), FIELDS));

    HttpResponse<String> response =
        send(request("/api/x").POST(HttpRequest.BodyPublishers.ofString("payload")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(awaitLines(file, 1))
        .containsExactly(
            "200 - 7 "
                + BODY.length
                + " backend 127.0.0.1:"
                + upstream.getAddress().getPort()
                + " Http1");
  }

  @Test
  void localRepliesCarryTheirResponseFlags() throws Exception {
    Path file = dir.resolve("access.log");
    startSidecar(new AccessLogConfig(file.toString(), FIELDS));

    assertThat(send(request("/nowhere")).statusCode()).isEqualTo(404);
    List<String> first = awaitLines(file, 1);
    assertThat(first.get(0)).startsWith("404 NR 0 ").endsWith(" - - Http1");

    assertThat(send(request("/down")).statusCode()).isEqualTo(503);
    List<String> lines = awaitLines(file, 2);
    assertThat(lines.get(1)).matches("503 UF 0 \\d+ dead 127\\.0\\.0\\.1:\\d+ Http1");
  }

  @Test
  void aCustomFormatWritesRequestAndResponseHeaders() throws Exception {
    Path file = dir.resolve("headers.log");
    startSidecar(
        new AccessLogConfig(
            file.toString(),
            "id=%request_header_x-request-id% upstream=%response_header_X-Upstream%"
                + " absent=%request_header_x-absent% code=%response_code%"));

    send(request("/api/h").header("X-Request-Id", "req-42"));
    send(request("/nowhere").header("X-Request-Id", "req-43"));

    assertThat(awaitLines(file, 2))
        .containsExactly(
            "id=req-42 upstream=yes absent=- code=200",
            // A local reply has no response head: its headers are unknown.
            "id=req-43 upstream=- absent=- code=404");
  }

  @Test
  void theDefaultFormatIsUsedWhenNoneIsGivenAndTwoListenersShareAFile() throws Exception {
    Path file = dir.resolve("default.log");
    startSidecar(
        new AccessLogConfig(file.toString(), ""),
        new AccessLogConfig(file.toString(), "second %response_code%"));

    send(request("/api/d"));

    List<String> lines = awaitLines(file, 2);
    int port = upstream.getAddress().getPort();
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+ \\S+ "
                            + BODY.length
                            // upstream_local_address: the HTTP proxy does not record it yet.
                            + " 0 Http1 200 \\S+ - 200 \\S+ 127\\.0\\.0\\.1:\\d+"
                            + " 127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:"
                            + port))
        .contains("second 200");
    assertThat(
            sidecar
                .stats()
                .set("accesslog", "path", file.toAbsolutePath().toString())
                .counter("access_log_dropped")
                .get())
        .isZero();
  }
}
