package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http1ProxyTest {
  private HttpServer upstream;
  private Sidecar sidecar;
  private final Set<InetSocketAddress> upstreamPeers = ConcurrentHashMap.newKeySet();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          upstreamPeers.add(exchange.getRemoteAddress());
          byte[] requestBody;
          try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
          }
          String reply =
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " host="
                  + exchange.getRequestHeaders().getFirst("Host")
                  + " body="
                  + new String(requestBody, StandardCharsets.UTF_8);
          byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-Upstream", "yes");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
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

  private URI proxied(String path) {
    InetSocketAddress address = sidecar.listenerAddress("egress");
    return URI.create("http://127.0.0.1:" + address.getPort() + path);
  }

  private void startSidecar(SidecarConfig config) {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(config);
  }

  private SidecarConfig configTo(int... ports) {
    return new SidecarConfig(
        List.of(proxyListener("egress", "egress_router", "Http1")),
        List.of(router("egress_router", prefixRoute("/", "backend"))),
        List.of(
            cluster(
                "backend",
                "LB_ROUNDROBIN",
                java.util.Arrays.stream(ports)
                    .mapToObj(p -> local(p))
                    .toArray(dev.weft.dataplane.config.HostPort[]::new))),
        Optional.empty());
  }

  @Test
  void forwardsAGetAndRelaysTheResponse() throws Exception {
    startSidecar(configTo(upstream.getAddress().getPort()));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(proxied("/hello?x=1")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("GET /hello?x=1 host=127.0.0.1:").endsWith("body=");
    assertThat(response.headers().firstValue("x-upstream")).contains("yes");
  }

  @Test
  void forwardsAPostBodyAndReusesTheUpstreamConnection() throws Exception {
    startSidecar(configTo(upstream.getAddress().getPort()));

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(proxied("/echo"))
                  .POST(HttpRequest.BodyPublishers.ofString("payload-" + i))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).endsWith("body=payload-" + i);
    }
    assertThat(upstreamPeers).hasSize(1);
  }

  @Test
  void aPathWithoutARouteGets404() throws Exception {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(proxyListener("egress", "egress_router", "Http1")),
            List.of(router("egress_router", prefixRoute("/api", "backend"))),
            List.of(cluster("backend", "LB_ROUNDROBIN", local(upstream.getAddress().getPort()))),
            Optional.empty()));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(proxied("/other")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no route for GET");
  }

  @Test
  void anUnreachableUpstreamGets503AfterRetryingConnectFailures() throws Exception {
    int unreachable = FreePorts.loopback();
    startSidecar(configTo(unreachable));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(proxied("/x")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .isEqualTo(
            "upstream connect error or disconnect/reset before headers: connection_failure"
                + " (cluster 'backend', host 127.0.0.1:"
                + unreachable
                + ")\n");
    assertThat(sidecar.stats().cluster("backend").counter("connection_con_fail").get())
        .isEqualTo(4);
    assertThat(sidecar.stats().cluster("backend").counter("request_retry").get()).isEqualTo(3);
  }

  @Test
  void aConnectFailureIsRetriedOnTheOtherHost() throws Exception {
    startSidecar(configTo(FreePorts.loopback(), upstream.getAddress().getPort()));

    for (int i = 0; i < 4; i++) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(proxied("/r" + i)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }
}
