package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.proxyListenerTo;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same exchanges through a real sidecar for each pairing of downstream and upstream HTTP
 * versions: HTTP/1 and HTTP/2 on either side, converted where they differ.
 */
class HttpVersionsProxyTest {
  private TestUpstream upstream;
  private Sidecar sidecar;
  private TestClient client;

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(Wire.H1, Wire.H1),
        Arguments.of(Wire.H1, Wire.H2),
        Arguments.of(Wire.H2, Wire.H1),
        Arguments.of(Wire.H2, Wire.H2));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private void start(Wire downstream, Wire upstreamWire, String routePrefix, int upstreamPort)
      throws Exception {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(proxyListenerTo("egress", "r", upstreamWire.protocol, downstream.protocol)),
            List.of(router("r", prefixRoute(routePrefix, "backend"))),
            List.of(cluster("backend", "LB_ROUNDROBIN", local(upstreamPort))),
            Optional.empty()));
    client = new TestClient(downstream, sidecar.listenerAddress("egress"));
  }

  private void start(Wire downstream, Wire upstreamWire) throws Exception {
    upstream = new TestUpstream(upstreamWire);
    start(downstream, upstreamWire, "/", upstream.port());
  }

  @ParameterizedTest(name = "{0} client, {1} upstream")
  @MethodSource("pairs")
  void forwardsRequestAndResponseHeads(Wire downstream, Wire upstreamWire) throws Exception {
    start(downstream, upstreamWire);

    TestClient.Response response = client.get("/hello?x=1", Map.of("X-Meta", "m1"));

    assertThat(response.status()).isEqualTo(200);
    int port = sidecar.listenerAddress("egress").getPort();
    assertThat(response.body()).isEqualTo("GET /hello?x=1 host=127.0.0.1:" + port + " body=");
    assertThat(response.headers())
        .containsEntry("x-meta-echo", "m1")
        .containsEntry("x-upstream-protocol", upstreamWire.protocol)
        .doesNotContainKey("connection")
        .doesNotContainKey("transfer-encoding");
  }

  @ParameterizedTest(name = "{0} client, {1} upstream")
  @MethodSource("pairs")
  void streamsBodiesLargerThanTheFlowControlWindowBothWays(Wire downstream, Wire upstreamWire)
      throws Exception {
    start(downstream, upstreamWire);
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    Random random = new Random(42);
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + random.nextInt(26));
    }

    for (int i = 0; i < 2; i++) {
      TestClient.Response response = client.send("POST", "/upload", Map.of(), body);

      assertThat(response.status()).isEqualTo(200);
      String expected = new String(body, StandardCharsets.US_ASCII);
      assertThat(response.body()).endsWith(" body=" + expected);
    }
    assertThat(upstream.connections.get()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} client, {1} upstream")
  @MethodSource("pairs")
  void relaysTrailersAndChunksAnUnsizedResponseForHttp1(Wire downstream, Wire upstreamWire)
      throws Exception {
    start(downstream, upstreamWire);

    TestClient.Response response =
        client.send(
            "POST", "/t", Map.of("x-trailer", "t1"), "abc".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).endsWith("body=abc");
    assertThat(response.trailers()).containsEntry("x-trailer-echo", "t1");
    if (downstream == Wire.H1) {
      assertThat(response.chunked()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0} client, {1} upstream")
  @MethodSource("pairs")
  void aPathWithoutARouteGets404(Wire downstream, Wire upstreamWire) throws Exception {
    upstream = new TestUpstream(upstreamWire);
    start(downstream, upstreamWire, "/api", upstream.port());

    TestClient.Response response = client.get("/other", Map.of());

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body()).startsWith("no route for GET");
    assertThat(upstream.requests.get()).isZero();
  }

  @ParameterizedTest(name = "{0} client, {1} upstream")
  @MethodSource("pairs")
  void anUnreachableUpstreamGets503(Wire downstream, Wire upstreamWire) throws Exception {
    start(downstream, upstreamWire, "/", FreePorts.loopback());

    TestClient.Response response = client.get("/x", Map.of());

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).contains("upstream connect error");
  }
}
