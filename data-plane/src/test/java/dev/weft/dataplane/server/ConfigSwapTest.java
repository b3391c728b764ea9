package dev.weft.dataplane.server;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.prefixRoute;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static dev.weft.dataplane.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.ScriptedUpstream;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.extension.UnknownNameException;
import dev.weft.dataplane.stats.Gauge;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Config swapped while requests are in flight: none is dropped, new requests see the new config.
 */
class ConfigSwapTest {
  private ScriptedUpstream blue;
  private ScriptedUpstream green;
  private Sidecar sidecar;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void start() throws IOException {
    blue = new ScriptedUpstream("blue");
    green = new ScriptedUpstream("green");
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(config("blue", List.of(proxyListener("egress", "r", "Http1"))));
  }

  @AfterEach
  void stop() {
    sidecar.close();
    blue.close();
    green.close();
  }

  /** One route to {@code target}; the other cluster exists only when it is the target. */
  private SidecarConfig config(String target, List<ListenerConfig> listeners) {
    ClusterConfig cluster =
        target.equals("blue")
            ? cluster("blue", "LB_ROUNDROBIN", local(blue.port()))
            : cluster("green", "LB_ROUNDROBIN", local(green.port()));
    return new SidecarConfig(
        listeners,
        List.of(router("r", prefixRoute("/", target))),
        List.of(cluster),
        Optional.empty());
  }

  private URI url(String listener, String path) {
    return URI.create("http://127.0.0.1:" + sidecar.listenerAddress(listener).getPort() + path);
  }

  @Test
  void swappingClustersUnderLoadDropsNothing() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    Queue<String> failed = new ConcurrentLinkedQueue<>();
    ExecutorService callers = Executors.newFixedThreadPool(6);
    for (int i = 0; i < 6; i++) {
      callers.submit(
          () -> {
            while (running.get()) {
              try {
                HttpResponse<String> response =
                    client.send(
                        HttpRequest.newBuilder(url("egress", "/load")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                  ok.incrementAndGet();
                } else {
                  failed.add(response.statusCode() + " " + response.body());
                }
              } catch (IOException | InterruptedException e) {
                failed.add(e.toString());
              }
            }
            return null;
          });
    }
    List<ListenerConfig> listeners = sidecar.config().listeners();
    for (int swap = 0; swap < 20; swap++) {
      int before = ok.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > before + 10);
      sidecar.update(config(swap % 2 == 0 ? "green" : "blue", listeners));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > 200);
    running.set(false);
    callers.shutdown();
    assertThat(callers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

    assertThat(failed).isEmpty();
    assertThat(blue.hits("/load")).isPositive();
    assertThat(green.hits("/load")).isPositive();
  }

  @Test
  void aRequestInFlightFinishesOnAClusterThatWasRemoved() throws Exception {
    CompletableFuture<HttpResponse<String>> held =
        client.sendAsync(
            HttpRequest.newBuilder(url("egress", "/hold")).build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> blue.hits("/hold") == 1);

    sidecar.update(config("green", sidecar.config().listeners()));
    HttpResponse<String> after =
        client.send(
            HttpRequest.newBuilder(url("egress", "/next")).build(),
            HttpResponse.BodyHandlers.ofString());
    blue.release();

    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(green.hits("/next")).isEqualTo(1);
    assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(held.get().body()).isEqualTo("held");
  }

  @Test
  void aBadUpdateChangesNothing() throws Exception {
    SidecarConfig bad =
        new SidecarConfig(
            List.of(proxyListener("egress", "r", "Http1"), proxyListener("extra", "r", "Http1")),
            List.of(router("r", prefixRoute("/", "green"))),
            List.of(
                new ClusterConfig(
                    "green",
                    "SIMPLE",
                    "LB_NO_SUCH_THING",
                    List.of(
                        new ClusterConfig.HostConfig(
                            local(green.port()), "", 1, java.util.Map.of())),
                    ClusterConfig.CircuitBreakers.UNLIMITED,
                    Duration.ofSeconds(1),
                    Optional.empty(),
                    0,
                    2,
                    Optional.empty())),
            Optional.empty());

    assertThatThrownBy(() -> sidecar.update(bad)).isInstanceOf(UnknownNameException.class);

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(url("egress", "/still-blue")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(blue.hits("/still-blue")).isEqualTo(1);
    assertThatThrownBy(() -> sidecar.listenerAddress("extra"))
        .hasMessageContaining("no listener 'extra'");
  }

  @Test
  void listenersAreAddedAndARemovedOneStopsAcceptingButFinishesItsRequest() throws Exception {
    CompletableFuture<HttpResponse<String>> held =
        client.sendAsync(
            HttpRequest.newBuilder(url("egress", "/hold")).build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> blue.hits("/hold") == 1);
    int oldPort = sidecar.listenerAddress("egress").getPort();

    sidecar.update(config("blue", List.of(proxyListener("second", "r", "Http1"))));

    HttpResponse<String> viaNew =
        client.send(
            HttpRequest.newBuilder(url("second", "/new")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(viaNew.statusCode()).isEqualTo(200);
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + oldPort + "/x"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    blue.release();
    assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  /**
   * Over xDS a removed listener (LDS) and its cluster and route table (CDS, RDS) arrive in separate
   * updates: the removed listener's open connections still find them while they drain.
   */
  @Test
  void aRemovedListenersOpenConnectionsStillReachItsClusterDroppedLater() throws Exception {
    List<ClusterConfig> both =
        List.of(
            cluster("blue", "LB_ROUNDROBIN", local(blue.port())),
            cluster("green", "LB_ROUNDROBIN", local(green.port())));
    ListenerConfig second = proxyListener("second", "r2", "Http1");
    sidecar.update(
        new SidecarConfig(
            List.of(proxyListener("egress", "r", "Http1"), second),
            List.of(router("r", prefixRoute("/", "blue")), router("r2", prefixRoute("/", "green"))),
            both,
            Optional.empty()));
    // One keep-alive connection to "egress", which the client reuses.
    HttpClient keepAlive = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI before = url("egress", "/before");
    URI after = url("egress", "/after");
    assertThat(send(keepAlive, before).statusCode()).isEqualTo(200);

    // LDS: "egress" goes; CDS and RDS: then its route table and cluster.
    sidecar.update(
        new SidecarConfig(
            List.of(second),
            List.of(router("r", prefixRoute("/", "blue")), router("r2", prefixRoute("/", "green"))),
            both,
            Optional.empty()));
    sidecar.update(
        new SidecarConfig(
            List.of(second),
            List.of(router("r2", prefixRoute("/", "green"))),
            List.of(cluster("green", "LB_ROUNDROBIN", local(green.port()))),
            Optional.empty()));

    HttpResponse<String> onDrainingConnection = send(keepAlive, after);
    assertThat(onDrainingConnection.statusCode()).as(onDrainingConnection.body()).isEqualTo(200);
    assertThat(blue.hits("/after")).isEqualTo(1);
    assertThat(sidecar.config().clusters())
        .extracting(ClusterConfig::name)
        .containsExactly("green");
    assertThat(send(keepAlive, url("second", "/new")).statusCode()).isEqualTo(200);
    assertThat(green.hits("/new")).isEqualTo(1);

    // Once the removed listener has drained, its cluster goes too, and with it the pooled
    // connection to blue.
    Gauge blueConnections = sidecar.stats().cluster("blue").gauge("connection_active");
    assertThat(blueConnections.get()).as("blue's connection while kept").isEqualTo(1);
    await().atMost(Sidecar.DRAIN_GRACE.plusSeconds(10)).until(() -> blueConnections.get() == 0);
  }

  private static HttpResponse<String> send(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void closeLetsRequestsInFlightFinish() throws Exception {
    CompletableFuture<HttpResponse<String>> held =
        client.sendAsync(
            HttpRequest.newBuilder(url("egress", "/hold")).build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> blue.hits("/hold") == 1);

    CompletableFuture<Void> closing =
        CompletableFuture.runAsync(() -> sidecar.close(Duration.ofSeconds(10)));
    blue.release();

    assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    closing.get(15, TimeUnit.SECONDS);
  }
}
