package dev.weft.dataplane.xds;

import static dev.weft.dataplane.xds.Resources.edsCluster;
import static dev.weft.dataplane.xds.Resources.endpoints;
import static dev.weft.dataplane.xds.Resources.httpListener;
import static dev.weft.dataplane.xds.Resources.redisListener;
import static dev.weft.dataplane.xds.Resources.routes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.dataplane.RawHttp;
import dev.weft.dataplane.ScriptedUpstream;
import dev.weft.dataplane.xds.translate.EnvoyTranslation;
import dev.weft.testing.FreePorts;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sidecar under a real ADS server (java-control-plane with snapshots), with Weft's translation:
 * it applies what it is sent and forwards, swaps each resource type under load without failing a
 * request, NACKs what it cannot run and keeps serving, and survives the control plane going away.
 */
class AdsClientTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ScriptedUpstream blue;
  private ScriptedUpstream green;
  private TestControlPlane plane;
  private SidecarUnderXds xds;
  private int egressPort;

  @BeforeEach
  void start() throws IOException {
    blue = new ScriptedUpstream("blue");
    green = new ScriptedUpstream("green");
    plane = TestControlPlane.on(FreePorts.loopback());
    egressPort = FreePorts.loopback();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (xds != null) {
      xds.close();
    }
    plane.close();
    blue.close();
    green.close();
  }

  /** listener egress → route r ("/" → c) → cluster c (service svc-c) → blue. */
  private List<Listener> listeners = List.of();

  private List<RouteConfiguration> routeConfigs = List.of();
  private List<Cluster> clusters = List.of();
  private List<ClusterLoadAssignment> assignments = List.of();

  private void serveBlue() {
    listeners = List.of(httpListener("egress", egressPort, "r"));
    routeConfigs = List.of(routes("r", "/", "c"));
    clusters = List.of(edsCluster("c", "svc-c"));
    assignments = List.of(endpoints("svc-c", blue.port()));
    publish();
  }

  private void publish() {
    plane.set(clusters, assignments, listeners, routeConfigs);
  }

  private void startSidecar() {
    xds =
        new SidecarUnderXds(
            plane.port(), sidecar -> new EnvoyTranslation(sidecar.mosnVocabulary()));
  }

  /**
   * The upstream that answers {@code path} on a new connection: a changed listener serves its
   * connections with the filter they started with, and new ones with the new filter.
   */
  private String upstreamOf(String path) throws IOException {
    try (RawHttp http = new RawHttp(xds.sidecar.listenerAddress("egress"))) {
      String head =
          http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readHead();
      String upstream = RawHttp.header(head, "x-upstream");
      return upstream == null ? head : upstream;
    }
  }

  private JsonObject xdsDump() throws IOException, InterruptedException {
    return JsonParser.parseString(xds.admin("/api/v1/config_dump").body())
        .getAsJsonObject()
        .getAsJsonObject("xds");
  }

  @Test
  void readyOnlyOnceTheFirstConfigIsAppliedThenItForwards() throws Exception {
    startSidecar();
    await().atMost(WAIT).until(() -> xds.client.status().connection().equals("CONNECTED"));
    assertThat(xds.admin("/ready").statusCode()).isEqualTo(503);
    assertThat(xds.client.ready()).isNotDone();

    serveBlue();

    await().atMost(WAIT).until(() -> xds.admin("/ready").statusCode() == 200);
    assertThat(xds.get("egress", "/hello").statusCode()).isEqualTo(200);
    assertThat(blue.hits("/hello")).isEqualTo(1);
    Node node = plane.firstNode();
    assertThat(node.getId()).isEqualTo("sidecar-1");
    assertThat(node.getCluster()).isEqualTo("shop");
    assertThat(node.getLocality().getZone()).isEqualTo("gz00a");
    assertThat(node.getUserAgentName()).isEqualTo("weft");
    assertThat(node.getMetadata().getFieldsOrThrow("app").getStringValue()).isEqualTo("shop");
    assertThat(
            node.getMetadata()
                .getFieldsOrThrow("weft.egress_ports")
                .getStructValue()
                .getFieldsOrThrow("http")
                .getNumberValue())
        .isEqualTo(12240);
    assertThat(plane.requests.subList(1, plane.requests.size()))
        .noneMatch(DiscoveryRequest::hasNode);
    JsonObject types = xdsDump().getAsJsonObject("types");
    assertThat(types.getAsJsonObject("LDS").get("version").getAsString())
        .isEqualTo(TestControlPlane.version("l", listeners));
    assertThat(types.getAsJsonObject("EDS").getAsJsonArray("subscribed").get(0).getAsString())
        .isEqualTo("svc-c");
    assertThat(xdsDump().get("ready").getAsBoolean()).isTrue();
  }

  @Test
  void aSwapOfEachTypeUnderLoadFailsNoRequest() throws Exception {
    listeners = List.of(httpListener("egress", egressPort, "r"));
    routeConfigs = List.of(routes("r", "/", "c"), routes("r2", "/", "c"));
    clusters = List.of(edsCluster("c", "svc-c"), edsCluster("d", "svc-d"));
    assignments =
        List.of(
            endpoints("svc-c", blue.port()),
            endpoints("svc-d", green.port()),
            endpoints("svc-e", blue.port()));
    publish();
    startSidecar();
    xds.client.ready().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

    try (Load load = new Load(xds, 4)) {
      load.awaitMore(50);
      // RDS: the route moves to cluster d (green).
      routeConfigs = List.of(routes("r", "/", "d"), routes("r2", "/", "c"));
      publish();
      await().atMost(WAIT).until(() -> upstreamOf("/probe").equals("green"));
      load.awaitMore(50);
      // EDS: d's endpoints move to blue (and c's to green, unused for now).
      assignments =
          List.of(
              endpoints("svc-c", green.port()),
              endpoints("svc-d", blue.port()),
              endpoints("svc-e", blue.port()));
      publish();
      await().atMost(WAIT).until(() -> upstreamOf("/probe").equals("blue"));
      load.awaitMore(50);
      // LDS: the listener takes route config r2 ("/" → c, green); it warms before it serves.
      listeners = List.of(httpListener("egress", egressPort, "r2"));
      publish();
      await().atMost(WAIT).until(() -> upstreamOf("/probe").equals("green"));
      load.awaitMore(50);
      // CDS: cluster c takes its endpoints from svc-e (blue); it warms before it serves.
      clusters = List.of(edsCluster("c", "svc-e"), edsCluster("d", "svc-d"));
      publish();
      await().atMost(WAIT).until(() -> upstreamOf("/probe").equals("blue"));
      load.awaitMore(50);

      load.stop();
      assertThat(load.failures()).isEmpty();
    }
    assertThat(plane.nacks()).isEmpty();
  }

  @Test
  void aResourceItCannotRunIsNackedAndTheOldConfigKeepsServing() throws Exception {
    serveBlue();
    startSidecar();
    await().atMost(WAIT).until(() -> xds.admin("/ready").statusCode() == 200);
    String goodVersion = TestControlPlane.version("l", listeners);

    listeners = List.of(httpListener("egress", egressPort, "r"), redisListener("raw", 1));
    publish();

    await().atMost(WAIT).until(() -> !plane.nacks().isEmpty());
    DiscoveryRequest nack = plane.nacks().get(0);
    String message = nack.getErrorDetail().getMessage();
    assertThat(message)
        .startsWith(
            "listener 'raw': filter_chains[0].filters[0].typed_config: not supported by Weft:"
                + " filter 'envoy.filters.network.redis_proxy'");
    assertThat(nack.getErrorDetail().getCode()).isEqualTo(3);
    assertThat(nack.getVersionInfo()).isEqualTo(goodVersion);
    assertThat(xds.get("egress", "/still").statusCode()).isEqualTo(200);
    JsonObject lds = xdsDump().getAsJsonObject("types").getAsJsonObject("LDS");
    assertThat(lds.get("version").getAsString()).isEqualTo(goodVersion);
    assertThat(lds.getAsJsonObject("last_nack").get("message").getAsString()).isEqualTo(message);
    assertThat(lds.getAsJsonObject("last_nack").get("version").getAsString())
        .isEqualTo(TestControlPlane.version("l", listeners));

    int second = FreePorts.loopback();
    listeners =
        List.of(httpListener("egress", egressPort, "r"), httpListener("second", second, "r"));
    publish();

    await().atMost(WAIT).until(() -> xds.sidecar.config().listeners().size() == 2);
    assertThat(xds.get("second", "/fixed").statusCode()).isEqualTo(200);
    assertThat(plane.nacks()).hasSize(1);
  }

  @Test
  void itKeepsServingWhileTheControlPlaneIsAwayAndResyncsWhenItIsBack() throws Exception {
    serveBlue();
    startSidecar();
    await().atMost(WAIT).until(() -> xds.admin("/ready").statusCode() == 200);

    plane.stop();

    await().atMost(WAIT).until(() -> xds.client.status().connection().equals("DISCONNECTED"));
    for (int i = 0; i < 20; i++) {
      assertThat(xds.get("egress", "/away").statusCode()).isEqualTo(200);
    }
    assertThat(xds.admin("/ready").statusCode()).isEqualTo(200);
    assertThat(xdsDump().get("last_error").getAsString()).startsWith("UNAVAILABLE");
    int requestsBefore = plane.requests.size();
    int responsesBefore = plane.responses.size();

    plane.start();

    await().atMost(WAIT).until(() -> xds.client.status().connection().equals("CONNECTED"));
    List<DiscoveryRequest> again = plane.requests.subList(requestsBefore, plane.requests.size());
    assertThat(again.get(0).getNode().getId()).isEqualTo("sidecar-1");
    assertThat(again)
        .filteredOn(r -> r.getTypeUrl().equals(XdsType.CDS.typeUrl()))
        .first()
        .satisfies(
            r -> {
              assertThat(r.getVersionInfo()).isEqualTo(TestControlPlane.version("c", clusters));
              assertThat(r.getResponseNonce()).isEmpty();
            });
    assertThat(plane.responses.subList(responsesBefore, plane.responses.size()))
        .extracting(DiscoveryResponse::getTypeUrl)
        .doesNotContain(XdsType.LDS.typeUrl(), XdsType.CDS.typeUrl());

    assignments = List.of(endpoints("svc-c", green.port()));
    publish();

    await().atMost(WAIT).until(() -> upstreamOf("/after").equals("green"));
  }

  @Test
  void anUnreachableControlPlaneIsWaitedFor() throws Exception {
    plane.stop();
    startSidecar();

    await().atMost(WAIT).until(() -> xds.client.status().lastError().isPresent());
    assertThat(xds.client.status().connection()).isEqualTo("DISCONNECTED");
    assertThat(xds.admin("/ready").statusCode()).isEqualTo(503);
    assertThat(xds.admin("/ready").body()).contains("disconnected");

    serveBlue();
    plane.start();

    await().atMost(WAIT).until(() -> xds.admin("/ready").statusCode() == 200);
    assertThat(xds.get("egress", "/late").statusCode()).isEqualTo(200);
  }
}
