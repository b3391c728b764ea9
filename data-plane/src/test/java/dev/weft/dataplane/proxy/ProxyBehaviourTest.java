package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.RawHttp;
import dev.weft.dataplane.ScriptedUpstream;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an HTTP/1 client sees through the proxy when things go right and when they go wrong. */
class ProxyBehaviourTest {
  private ScriptedUpstream upstream;
  private Sidecar sidecar;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = new ScriptedUpstream("u1");
  }

  @AfterEach
  void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    upstream.close();
  }

  private void start(RouteConfig route, ClusterConfig cluster) {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(proxyListener("egress", "r", "Http1")),
            List.of(
                new RouterConfig(
                    "r",
                    List.of(
                        new VirtualHostConfig(
                            "all",
                            List.of("*"),
                            List.of(route),
                            HeaderMutations.NONE,
                            HeaderMutations.NONE)),
                    HeaderMutations.NONE,
                    HeaderMutations.NONE)),
            List.of(cluster),
            Optional.empty()));
  }

  private static RouteMatch everything() {
    return new RouteMatch(Optional.of(new RouteMatch.Prefix("/")), List.of());
  }

  private static RouteAction.Forward forward(
      Duration timeout, Optional<RouteAction.RetryPolicy> retry) {
    return new RouteAction.Forward(
        new RouteAction.NamedCluster("backend"),
        timeout,
        retry,
        List.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private RouteConfig plainRoute() {
    return new RouteConfig(
        everything(),
        forward(Duration.ofSeconds(10), Optional.empty()),
        HeaderMutations.NONE,
        HeaderMutations.NONE,
        Map.of());
  }

  private ClusterConfig backend() {
    return cluster("backend", "LB_ROUNDROBIN", local(upstream.port()));
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + sidecar.listenerAddress("egress").getPort() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private long clusterCounter(String name) {
    return sidecar.stats().cluster("backend").counter(name).get();
  }

  @Test
  void aSlowUpstreamHitsTheRouteTimeoutAndGets504() throws Exception {
    start(
        new RouteConfig(
            everything(),
            forward(Duration.ofMillis(300), Optional.empty()),
            HeaderMutations.NONE,
            HeaderMutations.NONE,
            Map.of()),
        backend());

    HttpResponse<String> response = get("/hold");

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body()).contains("upstream request timeout");
    assertThat(clusterCounter("request_timeout")).isEqualTo(1);
  }

  @Test
  void retryOnStatusSendsTheRequestAgain() throws Exception {
    RouteAction.RetryPolicy policy =
        new RouteAction.RetryPolicy(true, 2, Optional.empty(), List.of(503));
    start(
        new RouteConfig(
            everything(),
            forward(Duration.ofSeconds(10), Optional.of(policy)),
            HeaderMutations.NONE,
            HeaderMutations.NONE,
            Map.of()),
        backend());

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(url("/flaky"))
                .POST(HttpRequest.BodyPublishers.ofString("again"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.hits("/flaky")).isEqualTo(2);
    assertThat(clusterCounter("request_retry")).isEqualTo(1);
    // The 503 that was retried is a failed response, the 200 a successful one.
    assertThat(clusterCounter("response_failed")).isEqualTo(1);
    assertThat(clusterCounter("response_success")).isEqualTo(1);
  }

  @Test
  void withoutARetryPolicyA503IsPassedOn() throws Exception {
    start(plainRoute(), backend());

    HttpResponse<String> response = get("/flaky");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(upstream.hits("/flaky")).isEqualTo(1);
    // An upstream's 5xx counts as a failed response, as in MOSN.
    assertThat(clusterCounter("response_failed")).isEqualTo(1);
    assertThat(clusterCounter("response_success")).isZero();
  }

  @Test
  void aFullCircuitBreakerAnswers503WithoutCallingUpstream() throws Exception {
    ClusterConfig limited =
        new ClusterConfig(
            "backend",
            "SIMPLE",
            "LB_ROUNDROBIN",
            List.of(new ClusterConfig.HostConfig(local(upstream.port()), "", 1, Map.of())),
            new ClusterConfig.CircuitBreakers(0, 0, 1, 0),
            Duration.ofSeconds(2),
            Optional.empty(),
            0,
            2,
            Optional.empty());
    start(plainRoute(), limited);

    CompletableFuture<HttpResponse<String>> held =
        client.sendAsync(
            HttpRequest.newBuilder(url("/hold")).build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> upstream.hits("/hold") == 1);

    HttpResponse<String> rejected = get("/other");
    upstream.release();

    assertThat(rejected.statusCode()).isEqualTo(503);
    assertThat(rejected.body()).contains("upstream overflow");
    assertThat(upstream.hits("/other")).isZero();
    assertThat(clusterCounter("request_overflow")).isEqualTo(1);
    assertThat(held.get().statusCode()).isEqualTo(200);
  }

  @Test
  void chunkedBodiesPassBothWays() throws Exception {
    start(plainRoute(), backend());

    HttpResponse<String> upload =
        client.send(
            HttpRequest.newBuilder(url("/echo"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream("streamed body".getBytes())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> download = get("/chunked");

    assertThat(upload.body()).endsWith("body=streamed body");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("one,two,three");
  }

  @Test
  void anUpstreamDyingMidResponseResetsTheDownstream() throws Exception {
    start(plainRoute(), backend());

    assertThatThrownBy(() -> get("/truncated")).isInstanceOf(IOException.class);
    // The proxy and the upstream are still fine afterwards.
    assertThat(get("/ok").statusCode()).isEqualTo(200);
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
    start(plainRoute(), backend());

    try (RawHttp http = new RawHttp(sidecar.listenerAddress("egress"))) {
      http.send(
          "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      assertThat(http.readHead()).startsWith("HTTP/1.1 100 Continue");
      http.send("hello");
      String head = http.readHead();
      assertThat(head).startsWith("HTTP/1.1 200");
      String body = http.readBody(Integer.parseInt(RawHttp.header(head, "content-length")));
      assertThat(body).endsWith("body=hello");
    }
  }

  @Test
  void anExpectationOtherThanContinueGets417AndTheConnectionCloses() throws Exception {
    start(plainRoute(), backend());

    try (RawHttp http = new RawHttp(sidecar.listenerAddress("egress"))) {
      http.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: teapot\r\n\r\n");
      assertThat(http.readHead()).startsWith("HTTP/1.1 417");
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(upstream.totalHits()).isZero();
  }

  @Test
  void oversizedHeadersGet431AndTheConnectionCloses() throws Exception {
    start(plainRoute(), backend());

    try (RawHttp http = new RawHttp(sidecar.listenerAddress("egress"))) {
      http.send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
      assertThat(http.readHead()).startsWith("HTTP/1.1 431");
      http.readBody("Request Header Fields Too Large\n".length());
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(upstream.totalHits()).isZero();
  }

  @Test
  void aMalformedRequestGets400AndTheConnectionCloses() throws Exception {
    start(plainRoute(), backend());

    try (RawHttp http = new RawHttp(sidecar.listenerAddress("egress"))) {
      http.send("GET / HTTP/1.1\r\nHost: test\r\nContent-Length: banana\r\n\r\n");
      assertThat(http.readHead()).startsWith("HTTP/1.1 400");
      http.readBody("Bad Request\n".length());
      assertThat(http.closedByPeer()).isTrue();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    start(plainRoute(), backend());

    try (RawHttp http = new RawHttp(sidecar.listenerAddress("egress"))) {
      http.send(
          "GET /first HTTP/1.1\r\nHost: test\r\n\r\n"
              + "POST /second HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc"
              + "GET /third HTTP/1.1\r\nHost: test\r\n\r\n");
      for (String expected : new String[] {"GET /first", "POST /second", "GET /third"}) {
        String head = http.readHead();
        assertThat(head).startsWith("HTTP/1.1 200");
        String body = http.readBody(Integer.parseInt(RawHttp.header(head, "content-length")));
        assertThat(body).startsWith(expected);
      }
    }
  }

  @Test
  void anHttp10ClientWithoutKeepAliveGetsConnectionClose() throws Exception {
    start(plainRoute(), backend());

    try (RawHttp http = new RawHttp(sidecar.listenerAddress("egress"))) {
      http.send("GET /old HTTP/1.0\r\nHost: test\r\n\r\n");
      String head = http.readHead();
      assertThat(head).startsWith("HTTP/1.1 200");
      assertThat(RawHttp.header(head, "connection")).isEqualToIgnoringCase("close");
      String rest = http.readToEnd();
      assertThat(rest).startsWith("GET /old");
    }
  }

  @Test
  void anUpstreamConnectionThatSaidCloseIsNotReused() throws Exception {
    start(plainRoute(), backend());

    assertThat(get("/close").statusCode()).isEqualTo(200);
    assertThat(get("/after").statusCode()).isEqualTo(200);
    assertThat(get("/again").statusCode()).isEqualTo(200);

    assertThat(upstream.connections()).isEqualTo(2);
  }
}
