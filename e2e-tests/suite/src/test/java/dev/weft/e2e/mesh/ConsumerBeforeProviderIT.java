package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.e2e.rpc.Peers;
import dev.weft.e2e.rpc.Peers.Caller;
import dev.weft.e2e.rpc.Peers.Summary;
import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.process.ChildProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Order of starts: a consumer's sidecar, told to subscribe to an HTTP service and a Dubbo
 * interface, and a real Dubbo consumer behind it start while nobody provides either. Their calls
 * get an error naming the service, at once; then a provider pod registers both (its sidecar starts
 * with {@code --publish}) and the same consumers' calls succeed, with nothing restarted:
 *
 * <pre>
 * test (HTTP client) -> consumer-1 egress_http  -> provider-1 ingress_http  -> HttpEchoApp
 * dubbo-consumer     -> consumer-1 egress_dubbo -> provider-1 ingress_dubbo -> dubbo-provider
 * </pre>
 *
 * <p>The provider apps start with the consumer (to save time), but are in the mesh only once their
 * sidecar publishes them.
 */
class ConsumerBeforeProviderIT {
  static final String SERVICE = "catalog.weft";
  static final String INTERFACE = "dev.weft.peers.dubbo.EchoService";

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleNode();

  static {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private ControlPlaneFixture mesh;
  private int consumerEgress;

  @AfterEach
  void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aConsumerStartedFirstGetsAnErrorNamingTheServiceAndWorksOnceAProviderRegisters()
      throws Exception {
    mesh = ControlPlaneFixture.start(ETCD.endpoints());
    int[] ports = FreePorts.distinct("127.0.0.1", 11);
    int consumerAdmin = ports[0];
    consumerEgress = ports[1];
    int consumerDubboEgress = ports[2];
    int consumerControl = ports[3];
    int providerDubboApp = ports[4];
    int providerDubboIngress = ports[5];
    int providerDubboEgress = ports[6];
    HttpPod provider = new HttpPod(mesh, "provider-1", Arrays.copyOfRange(ports, 7, 11));

    CompletableFuture<Caller> consumer =
        CompletableFuture.supplyAsync(
                () ->
                    mesh.sidecar(
                        "consumer-1",
                        consumerAdmin,
                        "--egress-port",
                        "http=" + consumerEgress,
                        "--egress-port",
                        "dubbo=" + consumerDubboEgress,
                        "--subscribe",
                        "http:" + SERVICE,
                        "--subscribe",
                        "dubbo:" + INTERFACE))
            .thenApply(
                sidecar ->
                    mesh.keep(
                        Peers.caller(
                            "dubbo-consumer",
                            Peers.dubboJar(),
                            List.of(),
                            consumerControl,
                            "dubbo-consumer",
                            "--target",
                            "127.0.0.1:" + consumerDubboEgress,
                            "--connections",
                            "2")));
    CompletableFuture<ChildProcess> dubboProvider =
        mesh.startAsync(
            () ->
                Peers.server(
                    "dubbo-provider",
                    Peers.dubboJar(),
                    List.of(),
                    "dubbo-provider",
                    "--port",
                    "" + providerDubboApp));
    CompletableFuture<HttpPod> httpApp = CompletableFuture.supplyAsync(provider::startApp);
    Caller dubbo = consumer.join();

    // No provider: the consumer sidecar has the clusters, without endpoints, and says so.
    assertThat(ControlPlaneFixture.clusters(consumerAdmin)).contains(SERVICE, INTERFACE);
    HttpResponse<String> refused = call("/before");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.body()).isEqualTo("no healthy upstream in cluster '" + SERVICE + "'\n");
    Summary away = dubbo.run("calls=4&concurrency=2&timeoutMs=10000").allFailed(4);
    assertThat(away.kinds()).as(away.line()).doesNotContain("timeout");
    assertThat(away.firstError())
        .as(away.line())
        .contains("no healthy upstream in cluster '" + INTERFACE + "'");
    assertThat(SidecarStats.cluster(consumerAdmin, SERVICE).get("upstream_rq_no_healthy_host"))
        .isEqualTo(1);
    assertThat(SidecarStats.cluster(consumerAdmin, INTERFACE).get("upstream_rq_no_healthy_host"))
        .isEqualTo(4);

    // The provider registers: its sidecar publishes both services for its apps.
    CompletableFuture.allOf(dubboProvider, httpApp).join();
    long registering = System.nanoTime();
    provider.startSidecar(
        "--egress-port",
        "dubbo=" + providerDubboEgress,
        "--ingress-port",
        "dubbo=" + providerDubboIngress,
        "--app-port",
        "dubbo=" + providerDubboApp,
        "--publish",
        "http:" + SERVICE,
        "--publish",
        "dubbo:" + INTERFACE);
    long registered = System.nanoTime();

    // The same consumers' calls succeed, with nothing restarted.
    await("HTTP calls through consumer-1 reach provider-1")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> call("/after").statusCode() == 200);
    long httpWorks = System.nanoTime();
    await("Dubbo calls through consumer-1 reach the provider")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> dubbo.run("calls=1").ok() == 1);
    long dubboWorks = System.nanoTime();
    System.out.printf(
        "ConsumerBeforeProviderIT: provider sidecar ready %d ms after its start; consumer's HTTP"
            + " calls work %d ms and Dubbo calls %d ms after that%n",
        Duration.ofNanos(registered - registering).toMillis(),
        Duration.ofNanos(httpWorks - registered).toMillis(),
        Duration.ofNanos(dubboWorks - registered).toMillis());

    for (int i = 0; i < 100; i++) {
      HttpResponse<String> response = call("/items/" + i);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("provider-1 /items/" + i);
    }
    dubbo.run("calls=200&concurrency=4").allOk(200);
    assertThat(ControlPlaneFixture.clusterHosts(consumerAdmin, SERVICE))
        .containsExactly(provider.endpoint());
    assertThat(ControlPlaneFixture.clusterHosts(consumerAdmin, INTERFACE))
        .containsExactly("127.0.0.1:" + providerDubboIngress);
  }

  private HttpResponse<String> call(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consumerEgress + path))
            .header("Host", SERVICE)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
