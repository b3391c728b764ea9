package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.process.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An HTTP app with static config (it calls its sidecar's HTTP egress port with {@code Host:
 * <service>}) and an HTTP server app, under {@code weft control-plane} on a real etcd; the sidecars
 * are told what their apps provide and consume ({@code --publish}, {@code --subscribe}), and the
 * control plane builds their listeners and clusters over xDS:
 *
 * <pre>
 * client -> consumer-1 egress_http (virtual host: Host) -> provider-1 ingress_http_P -> app
 * </pre>
 *
 * <p>The client sets {@code Host}, which the JDK's HTTP client allows only with {@code
 * jdk.httpclient.allowRestrictedHeaders=host} (set by failsafe, and here for runs from an IDE).
 */
class HttpUnderControlPlaneIT {
  /** The dataId is what the app puts in Host: the egress virtual host's domain. */
  static final String SERVICE = "shop.weft";

  private static final Duration WAIT = Duration.ofSeconds(30);

  static {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleNode();

  static ControlPlaneFixture mesh;
  static HttpServer app;
  static ExecutorService appThreads;
  static int providerAdmin, consumerAdmin, providerIngress, consumerEgress;
  static List<String> consumerClustersWhenReady;
  static final AtomicInteger APP_REQUESTS = new AtomicInteger();
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void startMesh() throws IOException {
    mesh = ControlPlaneFixture.start(ETCD.endpoints());
    int[] ports = FreePorts.distinct("127.0.0.1", 6);
    providerAdmin = ports[0];
    consumerAdmin = ports[1];
    providerIngress = ports[2];
    consumerEgress = ports[3];
    int appPort = ports[4];
    int providerEgress = ports[5];

    app = HttpServer.create(new InetSocketAddress("127.0.0.1", appPort), 128);
    appThreads = Executors.newFixedThreadPool(8);
    app.setExecutor(appThreads);
    app.createContext(
        "/",
        exchange -> {
          APP_REQUESTS.incrementAndGet();
          byte[] body =
              ("app: "
                      + exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestURI()
                      + " for "
                      + exchange.getRequestHeaders().getFirst("Host"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    app.start();

    CompletableFuture<ChildProcess> providerSidecar =
        mesh.startAsync(
            () ->
                mesh.sidecar(
                    "provider-1",
                    providerAdmin,
                    "--egress-port",
                    "http=" + providerEgress,
                    "--ingress-port",
                    "http=" + providerIngress,
                    "--app-port",
                    "http=" + appPort,
                    "--publish",
                    "http:" + SERVICE));
    CompletableFuture<List<String>> consumerSidecar =
        mesh.startAsync(
                () ->
                    mesh.sidecar(
                        "consumer-1",
                        consumerAdmin,
                        "--egress-port",
                        "http=" + consumerEgress,
                        "--subscribe",
                        "http:" + SERVICE))
            .thenApply(ready -> clusters(consumerAdmin));
    CompletableFuture.allOf(providerSidecar, consumerSidecar).join();
    consumerClustersWhenReady = consumerSidecar.join();
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
    if (app != null) {
      app.stop(0);
      appThreads.shutdownNow();
    }
  }

  private static List<String> clusters(int admin) {
    try {
      return ControlPlaneFixture.clusters(admin);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("cannot read the config_dump on port " + admin, e);
    }
  }

  private static CompletableFuture<HttpResponse<String>> call(String host, String path) {
    return CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consumerEgress + path))
            .header("Host", host)
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aReadySidecarAlreadyHasTheClusterOfTheServiceItWasToldItsAppConsumes() throws Exception {
    assertThat(consumerClustersWhenReady).as(mesh.debugConfig("consumer-1")).contains(SERVICE);
    assertThat(ControlPlaneFixture.listeners(consumerAdmin)).containsExactly("egress_http");
    assertThat(ControlPlaneFixture.listeners(providerAdmin))
        .as(mesh.debugConfig("provider-1"))
        .containsExactlyInAnyOrder("egress_http", "ingress_http_" + providerIngress);
  }

  @Test
  void requestsWithTheServiceAsHostAllReachTheAppThroughBothSidecars() throws Exception {
    await("consumer-1 has the cluster " + SERVICE + " with provider-1's ingress")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                ControlPlaneFixture.clusterHosts(consumerAdmin, SERVICE)
                    .equals(List.of("127.0.0.1:" + providerIngress)));

    // Host with the egress port, as a client that keeps the port in Host sends it, matches too.
    HttpResponse<String> first = call(SERVICE + ":" + consumerEgress, "/first").join();
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("app: GET /first for " + SERVICE + ":" + consumerEgress);

    // 600 requests, 24 at a time, each answered with its own path.
    int calls = 600;
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService callers = Executors.newFixedThreadPool(24);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        String path = "/items/" + i + "?q=" + i;
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  HttpResponse<String> response = call(SERVICE, path).join();
                  String expected = "app: GET " + path + " for " + SERVICE;
                  if (response.statusCode() != 200 || !response.body().equals(expected)) {
                    wrong.add(path + " -> " + response.statusCode() + " " + response.body());
                  }
                },
                callers));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } finally {
      callers.shutdownNow();
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aHostNoSubscribedServiceHasIsRefusedByTheConsumerSidecar() {
    int before = APP_REQUESTS.get();
    HttpResponse<String> response = call("other.weft", "/x").join();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(APP_REQUESTS.get()).isEqualTo(before);
  }
}
