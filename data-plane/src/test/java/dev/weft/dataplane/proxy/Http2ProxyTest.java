package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.proxyListenerTo;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.dataplane.stats.MetricSet;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 through a real sidecar: multiplexing, detection, h2c upgrade, errors and GOAWAY. */
class Http2ProxyTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Sidecar sidecar;

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private TestUpstream upstream(Wire wire, int maxConcurrentStreams) throws Exception {
    TestUpstream upstream = new TestUpstream(wire, maxConcurrentStreams);
    closeables.add(upstream);
    return upstream;
  }

  /** A sidecar speaking the upstream's protocol to it, whatever the downstream speaks. */
  private void startSidecar(TestUpstream upstream, String... protocols) {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    closeables.add(sidecar);
    sidecar.start(
        new SidecarConfig(
            List.of(proxyListenerTo("egress", "r", upstream.wire.protocol, protocols)),
            List.of(router("r", prefixRoute("/", "backend"))),
            List.of(cluster("backend", "LB_ROUNDROBIN", local(upstream.port()))),
            Optional.empty()));
  }

  private TestClient client(Wire wire) throws Exception {
    TestClient client = new TestClient(wire, sidecar.listenerAddress("egress"));
    closeables.add(client);
    return client;
  }

  private InetSocketAddress listener() {
    return sidecar.listenerAddress("egress");
  }

  private MetricSet backend() {
    return sidecar.stats().cluster("backend");
  }

  @Test
  void concurrentStreamsShareOneUpstreamConnectionWithinItsStreamLimit() throws Exception {
    TestUpstream upstream = upstream(Wire.H2, 2);
    startSidecar(upstream, "Http2");
    TestClient client = client(Wire.H2);
    // One exchange first, so the upstream's SETTINGS (two streams at most) have arrived.
    assertThat(client.get("/warm-up", Map.of()).status()).isEqualTo(200);

    List<CompletableFuture<TestClient.Response>> responses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      responses.add(client.sendAsync("GET", "/r" + i, Map.of("x-delay-ms", "20"), new byte[0]));
    }

    for (int i = 0; i < responses.size(); i++) {
      TestClient.Response response = responses.get(i).get(30, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).startsWith("GET /r" + i + " ");
    }
    assertThat(upstream.connections.get()).isEqualTo(1);
    assertThat(upstream.maxInFlight.get()).isLessThanOrEqualTo(2);
    // A stream over the limit would have been refused and retried.
    assertThat(backend().counter("request_retry").get()).isZero();
  }

  @Test
  void autoDetectionServesHttp1AndHttp2ClientsOnOneListener() throws Exception {
    TestUpstream upstream = upstream(Wire.H1, 0);
    startSidecar(upstream, "Auto");

    TestClient.Response h1 = client(Wire.H1).get("/one", Map.of("x-meta", "h1"));
    TestClient.Response h2 = client(Wire.H2).get("/two", Map.of("x-meta", "h2"));

    assertThat(h1.status()).isEqualTo(200);
    assertThat(h1.headers())
        .containsEntry("x-meta-echo", "h1")
        .doesNotContainKey("x-http2-stream-id");
    assertThat(h2.status()).isEqualTo(200);
    assertThat(h2.headers()).containsEntry("x-meta-echo", "h2").containsKey("x-http2-stream-id");
  }

  @Test
  void theJdkClientUpgradesToH2cWhenTheListenerSpeaksHttp2() throws Exception {
    TestUpstream upstream = upstream(Wire.H1, 0);
    startSidecar(upstream, "Http1", "Http2");
    HttpClient jdk =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI base = URI.create("http://127.0.0.1:" + listener().getPort());

    HttpResponse<String> upgraded =
        jdk.send(
            HttpRequest.newBuilder(base.resolve("/first?x=1")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> next =
        jdk.send(
            HttpRequest.newBuilder(base.resolve("/second"))
                .POST(HttpRequest.BodyPublishers.ofString("payload"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(upgraded.statusCode()).isEqualTo(200);
    assertThat(upgraded.body()).startsWith("GET /first?x=1 host=127.0.0.1:");
    assertThat(next.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(next.body()).endsWith("body=payload");
    assertThat(sidecar.stats().listener("egress").counter("connection_total").get()).isEqualTo(1);
  }

  @Test
  void anHttp1OnlyListenerIgnoresTheUpgrade() throws Exception {
    TestUpstream upstream = upstream(Wire.H1, 0);
    startSidecar(upstream, "Http1");
    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    HttpResponse<String> response =
        jdk.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener().getPort() + "/x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void aProtocolErrorClosesOnlyThatConnectionAndIsCounted() throws Exception {
    TestUpstream upstream = upstream(Wire.H2, 0);
    startSidecar(upstream, "Http2");
    TestClient healthy = client(Wire.H2);
    assertThat(healthy.get("/before", Map.of()).status()).isEqualTo(200);

    byte[] received;
    try (Socket socket = new Socket(listener().getAddress(), listener().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // empty SETTINGS
      out.write(new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 42}); // DATA on stream 0
      out.flush();
      received = readToEnd(socket.getInputStream());
    }

    assertThat(containsGoAway(received)).isTrue();
    MetricSet http2 = sidecar.stats().set("protocol", "protocol", "Http2");
    await()
        .untilAsserted(
            () -> assertThat(http2.counter("downstream_protocol_error").get()).isEqualTo(1));
    assertThat(healthy.isOpen()).isTrue();
    assertThat(healthy.get("/after", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void anUpstreamGoawayMakesThePoolOpenAReplacement() throws Exception {
    TestUpstream upstream = upstream(Wire.H2, 0);
    startSidecar(upstream, "Http2");
    TestClient client = client(Wire.H2);

    TestClient.Response last = client.get("/last", Map.of("x-goaway", "yes"));
    await().until(() -> upstream.openConnections() == 0);
    TestClient.Response next = client.get("/next", Map.of());

    assertThat(last.status()).isEqualTo(200);
    assertThat(last.headers()).containsEntry("x-upstream-conn", "1");
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.headers()).containsEntry("x-upstream-conn", "2");
  }

  @Test
  void streamsAboveTheGoawaysLastStreamIdAreRetriedOnANewConnection() throws Exception {
    TestUpstream upstream = upstream(Wire.H2, 0);
    startSidecar(upstream, "Http2");
    TestClient client = client(Wire.H2);

    CompletableFuture<TestClient.Response> held =
        client.sendAsync("GET", "/held", Map.of("x-hold", "yes"), new byte[0]);
    await().until(() -> upstream.requests.get() == 1);
    // The upstream answers this one with GOAWAY naming the held stream as the last it processes.
    TestClient.Response refused = client.get("/refused", Map.of("x-goaway-before", "yes"));

    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.headers()).containsEntry("x-upstream-conn", "2");
    TestClient.Response first = held.get(30, TimeUnit.SECONDS);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.headers()).containsEntry("x-upstream-conn", "1");
    // The drained connection closes once its last stream is done.
    await().until(() -> upstream.openConnections() == 1);
    assertThat(upstream.connections.get()).isEqualTo(2);
  }

  @Test
  void losingTheUpstreamConnectionResetsItsStreams() throws Exception {
    TestUpstream upstream = upstream(Wire.H2, 0);
    startSidecar(upstream, "Http2");
    TestClient client = client(Wire.H2);

    CompletableFuture<TestClient.Response> held =
        client.sendAsync("GET", "/held", Map.of("x-hold", "yes"), new byte[0]);
    await().until(() -> upstream.requests.get() == 1);
    upstream.dropConnections();

    TestClient.Response response = held.get(30, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).contains("connection_termination");
    assertThat(client.get("/after", Map.of()).status()).isEqualTo(200);
  }

  private static byte[] readToEnd(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    for (int n; (n = in.read(buffer)) != -1; ) {
      bytes.write(buffer, 0, n);
    }
    return bytes.toByteArray();
  }

  /** Whether the server's frames include a GOAWAY (type 7). */
  private static boolean containsGoAway(byte[] frames) {
    for (int i = 0; i + 9 <= frames.length; ) {
      int length =
          ((frames[i] & 0xff) << 16) | ((frames[i + 1] & 0xff) << 8) | (frames[i + 2] & 0xff);
      if (frames[i + 3] == 7) {
        return true;
      }
      i += 9 + length;
    }
    return false;
  }
}
