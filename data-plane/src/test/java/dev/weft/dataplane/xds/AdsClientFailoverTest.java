package dev.weft.dataplane.xds;

import static dev.weft.dataplane.xds.Resources.edsCluster;
import static dev.weft.dataplane.xds.Resources.endpoints;
import static dev.weft.dataplane.xds.Resources.httpListener;
import static dev.weft.dataplane.xds.Resources.routes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.dataplane.RawHttp;
import dev.weft.dataplane.ScriptedUpstream;
import dev.weft.dataplane.xds.translate.EnvoyTranslation;
import dev.weft.testing.FreePorts;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The ADS client given two control-plane replicas (java-control-plane servers with the same
 * snapshot, as Weft's replicas on one etcd): it stays on the first, moves to the second when the
 * first dies, without a failed request, and stays there when the first comes back.
 */
class AdsClientFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AdsClient.class);
  private ScriptedUpstream blue;
  private ScriptedUpstream green;
  private TestControlPlane first;
  private TestControlPlane second;
  private SidecarUnderXds xds;
  private int egressPort;

  private List<Listener> listeners;
  private List<RouteConfiguration> routeConfigs;
  private List<Cluster> clusters;
  private List<ClusterLoadAssignment> assignments;

  @BeforeEach
  void start() throws IOException {
    logs.start();
    logger.addAppender(logs);
    blue = new ScriptedUpstream("blue");
    green = new ScriptedUpstream("green");
    int[] ports = FreePorts.distinct("127.0.0.1", 3);
    first = TestControlPlane.on(ports[0]);
    second = TestControlPlane.on(ports[1]);
    egressPort = ports[2];
    listeners = List.of(httpListener("egress", egressPort, "r"));
    routeConfigs = List.of(routes("r", "/", "c"));
    clusters = List.of(edsCluster("c", "svc-c"));
    assignments = List.of(endpoints("svc-c", blue.port()));
    publish(first);
    publish(second);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (xds != null) {
      xds.close();
    }
    first.close();
    second.close();
    blue.close();
    green.close();
    logger.detachAppender(logs);
  }

  private void publish(TestControlPlane plane) {
    plane.set(clusters, assignments, listeners, routeConfigs);
  }

  private JsonObject xdsDump() throws IOException, InterruptedException {
    return JsonParser.parseString(xds.admin("/api/v1/config_dump").body())
        .getAsJsonObject()
        .getAsJsonObject("xds");
  }

  private String connectedTo() throws IOException, InterruptedException {
    JsonObject dump = xdsDump();
    return dump.has("connected_to") ? dump.get("connected_to").getAsString() : "";
  }

  private String upstreamOf(String path) throws IOException {
    try (RawHttp http = new RawHttp(xds.sidecar.listenerAddress("egress"))) {
      String head =
          http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readHead();
      String upstream = RawHttp.header(head, "x-upstream");
      return upstream == null ? head : upstream;
    }
  }

  @Test
  void whenTheFirstReplicaDiesTheClientMovesToTheSecondWithoutAFailedRequest() throws Exception {
    xds =
        new SidecarUnderXds(
            List.of(first.port(), second.port()),
            sidecar -> new EnvoyTranslation(sidecar.mosnVocabulary()));
    await().atMost(WAIT).until(() -> xds.admin("/ready").statusCode() == 200);
    await().atMost(WAIT).until(() -> connectedTo().equals("127.0.0.1:" + first.port()));
    assertThat(xdsDump().get("control_plane").getAsString())
        .isEqualTo("127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port());
    assertThat(second.requests)
        .as("the second replica is not used while the first lives")
        .isEmpty();
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains(
            "xDS: connected to the control plane at 127.0.0.1:"
                + first.port()
                + " (one of 127.0.0.1:"
                + first.port()
                + ",127.0.0.1:"
                + second.port()
                + ")");
    String clusterVersion = TestControlPlane.version("c", clusters);

    try (Load load = new Load(xds, 4)) {
      load.awaitMore(50);
      long killed = System.nanoTime();
      first.stop();

      await().atMost(WAIT).until(() -> !second.requests.isEmpty());
      long failedOver = System.nanoTime();
      await().atMost(WAIT).until(() -> connectedTo().equals("127.0.0.1:" + second.port()));
      System.out.printf(
          "AdsClientFailoverTest: the second replica had the stream %d ms after the first"
              + " stopped%n",
          Duration.ofNanos(failedOver - killed).toMillis());
      // The new stream presents the node and the versions held: the second replica, with the
      // same content, has nothing to send.
      DiscoveryRequest opening = second.requests.get(0);
      assertThat(opening.getNode().getId()).isEqualTo("sidecar-1");
      assertThat(second.requests)
          .filteredOn(r -> r.getTypeUrl().equals(XdsType.CDS.typeUrl()))
          .first()
          .satisfies(r -> assertThat(r.getVersionInfo()).isEqualTo(clusterVersion));
      load.awaitMore(50);

      // A change made on the second replica reaches the sidecar.
      assignments = List.of(endpoints("svc-c", green.port()));
      publish(second);
      await().atMost(WAIT).until(() -> upstreamOf("/after").equals("green"));
      load.awaitMore(50);

      // The first replica back: the client stays where it is (pick_first sticks).
      int firstRequests = first.requests.size();
      first.start();
      await()
          .during(Duration.ofSeconds(2))
          .atMost(WAIT)
          .until(() -> connectedTo().equals("127.0.0.1:" + second.port()));
      assertThat(first.requests).hasSize(firstRequests);

      load.stop();
      assertThat(load.failures()).isEmpty();
    }
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("xDS: lost the control plane at 127.0.0.1:" + first.port()))
        .anyMatch(
            m ->
                m.startsWith(
                    "xDS: reconnected to the control plane at 127.0.0.1:" + second.port()));
  }

  @Test
  void aControlPlaneBackDuringALongBackoffIsReconnectedToWhenItAcceptsConnections()
      throws Exception {
    second.stop();
    // Backoff from 4 s: after the first failed attempt, the next is 4 to 12 s away.
    xds =
        new SidecarUnderXds(
            List.of(first.port()),
            Duration.ofSeconds(4),
            Duration.ofSeconds(10),
            sidecar -> new EnvoyTranslation(sidecar.mosnVocabulary()));
    await().atMost(WAIT).until(() -> xds.admin("/ready").statusCode() == 200);
    first.stop();
    // The stream breaks; the first attempt, 2 to 6 s later, is refused.
    await()
        .atMost(WAIT)
        .until(() -> xds.client.status().lastError().orElse("").contains("Connection refused"));
    int requestsBefore = first.requests.size();
    long restarted = System.nanoTime();
    first.start();

    // gRPC's channel keeps connecting in the background (1 s after the attempt, then longer);
    // once it is connected, the client opens its stream without waiting out its backoff.
    await().atMost(WAIT).until(() -> first.requests.size() > requestsBefore);
    Duration reconnected = Duration.ofNanos(System.nanoTime() - restarted);
    System.out.printf(
        "AdsClientFailoverTest: a new stream %d ms after the control plane was back%n",
        reconnected.toMillis());
    assertThat(reconnected)
        .as("well before the 4 s the backoff waits at least")
        .isLessThan(Duration.ofMillis(3500));
  }

  @Test
  void aFirstReplicaThatIsDownAtStartIsSkipped() throws Exception {
    first.stop();
    xds =
        new SidecarUnderXds(
            List.of(first.port(), second.port()),
            sidecar -> new EnvoyTranslation(sidecar.mosnVocabulary()));

    await().atMost(WAIT).until(() -> xds.admin("/ready").statusCode() == 200);
    assertThat(connectedTo()).isEqualTo("127.0.0.1:" + second.port());
    assertThat(upstreamOf("/x")).isEqualTo("blue");
  }
}
