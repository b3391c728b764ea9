package dev.weft.dataplane.admin;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.weft.dataplane.config.AdminConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The admin API of a running sidecar with one HTTP/1 proxy listener and one upstream. */
class SidecarAdminTest {
  private static final HostPort ANY_PORT = new HostPort("127.0.0.1", 0);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final FakeLogLevels logLevels = new FakeLogLevels();
  private HttpServer upstream;
  private Sidecar sidecar;

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
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

  private SidecarConfig config(Optional<AdminConfig> admin) {
    return new SidecarConfig(
        List.of(proxyListener("egress", "egress_router", "Http1")),
        List.of(router("egress_router", prefixRoute("/", "backend"))),
        List.of(cluster("backend", "LB_ROUNDROBIN", local(upstream.getAddress().getPort()))),
        admin);
  }

  private void startSidecar() {
    sidecar =
        Sidecar.create(
            SidecarOptions.defaults().withAdminAddress(ANY_PORT).withLogLevels(logLevels));
    sidecar.start(config(Optional.empty()));
  }

  private void proxy(int requests) throws Exception {
    int port = sidecar.listenerAddress("egress").getPort();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/r" + i)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(admin(pathAndQuery)).GET().build());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(admin(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI admin(String pathAndQuery) {
    int port = sidecar.adminAddress().orElseThrow().getPort();
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  @Test
  void configDumpShowsTheListenerRouterClusterAndAdminInMosnShape() throws Exception {
    startSidecar();

    JsonObject dump = json(get("/api/v1/config_dump"));

    JsonObject server = dump.getAsJsonArray("servers").get(0).getAsJsonObject();
    JsonObject listener = server.getAsJsonArray("listeners").get(0).getAsJsonObject();
    assertThat(listener.get("name").getAsString()).isEqualTo("egress");
    assertThat(listener.get("address").getAsString()).isEqualTo("127.0.0.1:0");
    assertThat(listener.get("type").getAsString()).isEqualTo("egress");
    JsonObject proxy =
        listener
            .getAsJsonArray("filter_chains")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("filters")
            .get(0)
            .getAsJsonObject();
    assertThat(proxy.get("type").getAsString()).isEqualTo("proxy");
    assertThat(proxy.getAsJsonObject("config").get("router_config_name").getAsString())
        .isEqualTo("egress_router");
    assertThat(proxy.getAsJsonObject("config").get("downstream_protocol").getAsString())
        .isEqualTo("Http1");

    JsonObject router = server.getAsJsonArray("routers").get(0).getAsJsonObject();
    assertThat(router.get("router_config_name").getAsString()).isEqualTo("egress_router");
    JsonObject route =
        router
            .getAsJsonArray("virtual_hosts")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("routers")
            .get(0)
            .getAsJsonObject();
    assertThat(route.getAsJsonObject("match").get("prefix").getAsString()).isEqualTo("/");
    assertThat(route.getAsJsonObject("route").get("cluster_name").getAsString())
        .isEqualTo("backend");
    assertThat(route.getAsJsonObject("route").get("timeout").getAsString()).isEqualTo("1m");

    JsonObject cluster =
        dump.getAsJsonObject("cluster_manager").getAsJsonArray("clusters").get(0).getAsJsonObject();
    assertThat(cluster.get("name").getAsString()).isEqualTo("backend");
    assertThat(cluster.get("lb_type").getAsString()).isEqualTo("LB_ROUNDROBIN");
    assertThat(
            cluster.getAsJsonArray("hosts").get(0).getAsJsonObject().get("address").getAsString())
        .isEqualTo("127.0.0.1:" + upstream.getAddress().getPort());

    JsonObject socket =
        dump.getAsJsonObject("admin").getAsJsonObject("address").getAsJsonObject("socket_address");
    assertThat(socket.get("address").getAsString()).isEqualTo("127.0.0.1");
    assertThat(socket.get("port_value").getAsInt()).isZero();
  }

  @Test
  void eachConfigDumpQueryKeyKeepsItsPart() throws Exception {
    startSidecar();

    JsonObject base = json(get("/api/v1/config_dump?mosnconfig"));
    assertThat(base.has("admin")).isTrue();
    assertThat(base.getAsJsonArray("servers").get(0).getAsJsonObject().has("listeners")).isFalse();
    assertThat(base.getAsJsonObject("cluster_manager").has("clusters")).isFalse();

    assertThat(json(get("/api/v1/config_dump?alllisteners")).keySet()).containsExactly("egress");
    assertThat(json(get("/api/v1/config_dump?allrouters")).keySet())
        .containsExactly("egress_router");
    assertThat(json(get("/api/v1/config_dump?allclusters")).keySet()).containsExactly("backend");

    assertThat(json(get("/api/v1/config_dump?listener=egress")).get("name").getAsString())
        .isEqualTo("egress");
    assertThat(
            json(get("/api/v1/config_dump?router=egress_router"))
                .get("router_config_name")
                .getAsString())
        .isEqualTo("egress_router");
    assertThat(json(get("/api/v1/config_dump?cluster=backend")).get("name").getAsString())
        .isEqualTo("backend");

    HttpResponse<String> unknown = get("/api/v1/config_dump?cluster=nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no cluster named 'nope'");
    assertThat(get("/api/v1/config_dump?router=nope").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/config_dump?listener=nope").statusCode()).isEqualTo(404);

    HttpResponse<String> two = get("/api/v1/config_dump?allrouters&allclusters");
    assertThat(two.statusCode()).isEqualTo(400);
    assertThat(two.body()).contains("at most one query key");
    assertThat(get("/api/v1/config_dump?everything").statusCode()).isEqualTo(400);
  }

  @Test
  void statsJsonCountsRequestsPerListenerAndClusterWithHistograms() throws Exception {
    startSidecar();
    proxy(3);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonObject stats = json(get("/api/v1/stats"));
              JsonObject listener =
                  stats.getAsJsonObject("downstream").getAsJsonObject("listener.egress");
              assertThat(listener.get("request_total").getAsLong()).isEqualTo(3);
              assertThat(listener.get("request_200_total").getAsLong()).isEqualTo(3);
              JsonObject requestTime = listener.getAsJsonObject("request_time");
              assertThat(requestTime.get("count").getAsLong()).isEqualTo(3);
              assertThat(requestTime.get("max").getAsLong())
                  .isGreaterThanOrEqualTo(requestTime.get("min").getAsLong())
                  .isPositive();
              assertThat(requestTime.keySet()).contains("P50", "P90", "P99");
              JsonObject cluster =
                  stats.getAsJsonObject("upstream").getAsJsonObject("cluster.backend");
              assertThat(cluster.get("request_total").getAsLong()).isEqualTo(3);
              assertThat(cluster.getAsJsonObject("request_duration_time").get("count").getAsLong())
                  .isEqualTo(3);
            });

    JsonObject one = json(get("/api/v1/stats?key=downstream.listener.egress"));
    assertThat(one.keySet()).containsExactly("downstream");
    assertThat(one.getAsJsonObject("downstream").keySet()).containsExactly("listener.egress");
    assertThat(get("/api/v1/stats?key=downstream.listener.nope").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/stats?other=1").statusCode()).isEqualTo(400);
  }

  @Test
  void prometheusTextHasMosnNamesTypesAndParses() throws Exception {
    startSidecar();
    proxy(2);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> response = get("/stats/prometheus");
              assertThat(response.statusCode()).isEqualTo(200);
              assertThat(response.headers().firstValue("content-type"))
                  .hasValueSatisfying(type -> assertThat(type).contains("version=0.0.4"));
              Map<String, Double> samples = PrometheusFormat.parse(response.body());
              assertThat(samples)
                  .containsEntry("downstream_request_total{listener=\"egress\"}", 2.0)
                  .containsEntry("downstream_request_total{proxy=\"global\"}", 2.0)
                  .containsEntry("upstream_request_total{cluster=\"backend\"}", 2.0)
                  .containsKeys(
                      "downstream_request_time_min{listener=\"egress\"}",
                      "downstream_request_time_max{listener=\"egress\"}",
                      "downstream_request_time{listener=\"egress\",percentile=\"P50\"}",
                      "downstream_request_time{listener=\"egress\",percentile=\"P90\"}",
                      "downstream_request_time{listener=\"egress\",percentile=\"P99\"}",
                      "upstream_request_duration_time{cluster=\"backend\",percentile=\"P99\"}");
              assertThat(samples.get("downstream_request_time_max{listener=\"egress\"}"))
                  .isPositive();
              Map<String, String> types = PrometheusFormat.types(response.body());
              assertThat(types)
                  .containsEntry("downstream_request_total", "counter")
                  .containsEntry("upstream_request_total", "counter")
                  .containsEntry("downstream_connection_active", "gauge")
                  .containsEntry("downstream_request_time", "gauge")
                  .containsEntry("downstream_request_time_min", "gauge")
                  .containsEntry("upstream_request_duration_time_max", "gauge");
            });

    HttpResponse<String> alias = get("/metrics");
    assertThat(alias.statusCode()).isEqualTo(200);
    assertThat(PrometheusFormat.parse(alias.body()))
        .containsKey("upstream_request_total{cluster=\"backend\"}");
  }

  @Test
  void readyAndStatesReportRunningAndTheAdminPortClosesWithTheSidecar() throws Exception {
    startSidecar();
    InetSocketAddress adminAddress = sidecar.adminAddress().orElseThrow();

    HttpResponse<String> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/states").body())
        .isEqualTo("pid=" + ProcessHandle.current().pid() + "&state=1\n");

    sidecar.close();
    sidecar = null;

    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(adminAddress, 2_000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void wrongMethodIs405WithAllowAndAnUnknownPathIs404() throws Exception {
    startSidecar();

    HttpResponse<String> postToStats = post("/api/v1/stats", "{}");
    assertThat(postToStats.statusCode()).isEqualTo(405);
    assertThat(postToStats.headers().firstValue("allow")).contains("GET");
    HttpResponse<String> getUpdate = get("/api/v1/update_loglevel");
    assertThat(getUpdate.statusCode()).isEqualTo(405);
    assertThat(getUpdate.headers().firstValue("allow")).contains("POST");

    assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(404);

    HttpResponse<String> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body())
        .contains(
            "GET /api/v1/config_dump",
            "GET /api/v1/stats",
            "GET /api/v1/states",
            "GET /api/v1/get_loglevel",
            "POST /api/v1/update_loglevel",
            "GET /stats/prometheus",
            "GET /ready",
            "GET /healthz");
  }

  @Test
  void updateLoglevelChangesTheLevelThroughLogLevelsAndRejectsABadLevel() throws Exception {
    startSidecar();

    HttpResponse<String> update =
        post(
            "/api/v1/update_loglevel",
            "{\"log_path\":\"dev.weft.dataplane.proxy\",\"log_level\":\"DEBUG\"}");
    assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
    assertThat(logLevels.levels).containsEntry("dev.weft.dataplane.proxy", Level.DEBUG);

    assertThat(post("/api/v1/update_loglevel", "{\"log_level\":\"warn\"}").statusCode())
        .isEqualTo(200);
    assertThat(logLevels.levels).containsEntry(LogLevels.ROOT, Level.WARN);

    JsonObject levels = json(get("/api/v1/get_loglevel"));
    assertThat(levels.get("ROOT").getAsString()).isEqualTo("WARN");
    assertThat(levels.get("dev.weft.dataplane.proxy").getAsString()).isEqualTo("DEBUG");

    HttpResponse<String> bad =
        post("/api/v1/update_loglevel", "{\"log_path\":\"ROOT\",\"log_level\":\"LOUD\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("LOUD");
    assertThat(post("/api/v1/update_loglevel", "not json").statusCode()).isEqualTo(400);
    assertThat(logLevels.levels).containsEntry(LogLevels.ROOT, Level.WARN);
  }

  @Test
  void aTakenAdminPortFailsStartNamingAdminAndTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      HostPort address = new HostPort("127.0.0.1", taken.getLocalPort());
      sidecar = Sidecar.create(SidecarOptions.defaults().withAdminAddress(address));

      assertThatThrownBy(() -> sidecar.start(config(Optional.empty())))
          .isInstanceOf(AdminBindException.class)
          .hasMessageContaining("admin")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("address already in use");
      assertThat(sidecar.adminAddress()).isEmpty();
      assertThatThrownBy(() -> sidecar.listenerAddress("egress"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theConfigAdminBlockIsUsedWithoutAnOverrideAndNoAdminWithNeither() throws Exception {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(config(Optional.of(new AdminConfig(ANY_PORT))));
    assertThat(sidecar.adminAddress()).isPresent();
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    sidecar.close();

    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(config(Optional.empty()));
    assertThat(sidecar.adminAddress()).isEmpty();
  }
}
