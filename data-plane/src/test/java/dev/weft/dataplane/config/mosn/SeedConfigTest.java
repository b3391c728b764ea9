package dev.weft.dataplane.config.mosn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.ProxyConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configs from the seeds. Seed 001 is MOSN's two-listener example (clientListener 2045 ->
 * clientCluster -> serverListener 2046 -> serverCluster -> 127.0.0.1:8080, route tables in legacy
 * connection_manager filters, RPC-style {@code service = .*} routes); seed 002 shows the same
 * example's skeleton with its filter chains elided.
 */
class SeedConfigTest {
  private static final String SEED_001 = "mosn/seed-001-sofarpc-example.json";
  private static final String SEED_002 = "mosn/seed-002-http-example-skeleton.json";
  private static final String FIRST_PROXY = "servers[0].listeners[0].filter_chains[0].filters[0]";

  @TempDir Path dir;
  private HttpServer upstream;
  private Sidecar sidecar;

  @AfterEach
  void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private static String resource(String name) {
    try (InputStream in = SeedConfigTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seed 001 with Weft's protocol instead of "Http2" and the removed "SofaRpc". */
  private static String seed001WithHttp1() {
    return resource(SEED_001).replace("\"Http2\"", "\"Http1\"").replace("\"SofaRpc\"", "\"Http1\"");
  }

  @Test
  void seed001AsWrittenNamesTheRemovedSofaRpcProtocol() {
    String error =
        MosnConfigLoader.parse(resource(SEED_001), "config.json", TestVocabulary.withHttp2())
            .error()
            .toString();

    assertThat(error)
        .isEqualTo(
            "config.json: "
                + FIRST_PROXY
                + ".config.upstream_protocol: \"SofaRpc\" was MOSN's name for Bolt up to v0.10;"
                + " write \"bolt\" (or \"boltv2\") instead");
  }

  @Test
  void seed001AsWrittenFailsAtItsFirstProxyWithTodaysSidecar() {
    // Today's sidecar has Http1 only, so "Http2" is the first name it lacks; once HTTP/2 lands the
    // same place fails on "SofaRpc" (the test above).
    try (Sidecar real =
        Sidecar.create(new SidecarOptions(SidecarOptions.defaults().transport(), 1))) {
      String error =
          MosnConfigLoader.parse(resource(SEED_001), "config.json", real.mosnVocabulary())
              .error()
              .toString();
      assertThat(error).startsWith("config.json: " + FIRST_PROXY + ".config.");
      assertThat(error).containsAnyOf("'Http2'", "\"SofaRpc\"");
    }
  }

  @Test
  void seed001WithKnownProtocolsParsesIntoTheExpectedRecords() {
    LoadedConfig loaded =
        MosnConfigLoader.parse(seed001WithHttp1(), "config.json", TestVocabulary.create()).value();
    SidecarConfig config = loaded.config();

    assertThat(config.listeners())
        .extracting(ListenerConfig::name, ListenerConfig::address)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("serverListener", new HostPort("127.0.0.1", 2046)),
            org.assertj.core.groups.Tuple.tuple("clientListener", new HostPort("127.0.0.1", 2045)));
    assertThat(config.listeners().get(1).networkFilters().get(0).config())
        .isEqualTo(new ProxyConfig(List.of("Http1"), "Http1", "client_router", java.util.Map.of()));
    assertThat(config.routers())
        .extracting(RouterConfig::name)
        .containsExactly("server_router", "client_router");
    assertThat(
            config
                .router("client_router")
                .orElseThrow()
                .virtualHosts()
                .get(0)
                .routes()
                .get(0)
                .match())
        .isEqualTo(
            new RouteMatch(
                Optional.empty(),
                List.of(new RouteMatch.HeaderMatcher("service", ".*", false, false))));
    ClusterConfig server = config.cluster("serverCluster").orElseThrow();
    assertThat(server.lbType()).isEqualTo("LB_RANDOM");
    assertThat(server.hosts().get(0).address()).isEqualTo(new HostPort("127.0.0.1", 8080));
    assertThat(config.cluster("clientCluster").orElseThrow().hosts().get(0).address())
        .isEqualTo(new HostPort("127.0.0.1", 2046));
    assertThat(loaded.warnings())
        .containsExactlyInAnyOrder(
            "config.json: servers[0].default_log_path: ignored: Weft logs through SLF4J; set the"
                + " level with -Dweft.log.level",
            "config.json: servers[0].listeners[0].log_path: ignored: Weft logs through SLF4J; set"
                + " the level with -Dweft.log.level",
            "config.json: servers[0].listeners[1].log_path: ignored: Weft logs through SLF4J; set"
                + " the level with -Dweft.log.level",
            "config.json: cluster_manager.clusters[0].max_request_per_conn: ignored: Weft does not"
                + " implement it, and it does not change forwarding",
            "config.json: cluster_manager.clusters[0].conn_buffer_limit_bytes: ignored: Weft sizes"
                + " its buffers itself",
            "config.json: cluster_manager.clusters[1].max_request_per_conn: ignored: Weft does not"
                + " implement it, and it does not change forwarding",
            "config.json: cluster_manager.clusters[1].conn_buffer_limit_bytes: ignored: Weft sizes"
                + " its buffers itself");
  }

  @Test
  void seed002SkeletonFailsWithAClearMessage() {
    assertThat(
            MosnConfigLoader.parse(resource(SEED_002), "config.json", TestVocabulary.create())
                .error()
                .toString())
        .isEqualTo(
            "config.json: servers[0].listeners[0].filter_chains[0].filters: expected a network"
                + " filter such as proxy; without one the listener would accept connections and do"
                + " nothing");
  }

  @Test
  void aRequestGoesClientListenerToServerListenerToUpstreamAndBack() throws Exception {
    AtomicReference<String> seenService = new AtomicReference<>();
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          seenService.set(exchange.getRequestHeaders().getFirst("service"));
          byte[] body =
              ("upstream saw " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
    int[] ports = FreePorts.distinct("127.0.0.1", 2);
    // Only the ports, the upstream address and (as seed001WithHttp1 says) the protocols change.
    String json =
        seed001WithHttp1()
            .replace("127.0.0.1:2046", "127.0.0.1:" + ports[0])
            .replace("127.0.0.1:2045", "127.0.0.1:" + ports[1])
            .replace("127.0.0.1:8080", "127.0.0.1:" + upstream.getAddress().getPort());
    Path file = Files.writeString(dir.resolve("config.json"), json);
    sidecar = Sidecar.create(new SidecarOptions(SidecarOptions.defaults().transport(), 2));
    LoadedConfig loaded = MosnConfigLoader.load(file, sidecar.mosnVocabulary()).orThrow();
    sidecar.start(loaded.config());

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI uri = URI.create("http://127.0.0.1:" + ports[1] + "/hello");
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri).header("service", "com.example.Echo").build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("upstream saw /hello");
    assertThat(seenService.get()).isEqualTo("com.example.Echo");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(sidecar.stats().listener("clientListener").counter("request_total").get())
                  .isEqualTo(1);
              assertThat(sidecar.stats().listener("serverListener").counter("request_total").get())
                  .isEqualTo(1);
              assertThat(sidecar.stats().cluster("clientCluster").counter("request_total").get())
                  .isEqualTo(1);
              assertThat(sidecar.stats().cluster("serverCluster").counter("request_total").get())
                  .isEqualTo(1);
            });

    // The seed's routes are RPC rules on the "service" header: without it nothing matches.
    HttpResponse<String> unrouted =
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unrouted.statusCode()).isEqualTo(404);
  }
}
