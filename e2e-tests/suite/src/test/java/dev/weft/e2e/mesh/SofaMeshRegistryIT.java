package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.e2e.rpc.Peers;
import dev.weft.e2e.rpc.Peers.Caller;
import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sidecar under a control plane, end to end: {@code weft control-plane} on a real etcd, two
 * {@code weft sidecar}s that take their config over xDS and run the SOFA mesh registry agent, and a
 * stock SOFA RPC 5 provider and consumer that know nothing but their agent's address:
 *
 * <pre>
 * consumer --mesh registry--> consumer sidecar's agent --registry session--> control plane (etcd)
 * provider --mesh registry--> provider sidecar's agent --registry session--> control plane (etcd)
 * consumer -> 127.0.0.1:12220 (consumer sidecar, egress) -> provider sidecar (ingress) -> provider
 * </pre>
 *
 * No address is configured anywhere: the provider sidecar publishes its own ingress address, the
 * control plane turns the consumer sidecar's subscription into an EDS cluster and a route. SOFA RPC
 * dials port 12220 whatever it is told, so the consumer sidecar's Bolt egress listener must be
 * there: the test fails, saying so, when something else holds that port.
 */
class SofaMeshRegistryIT {
  private static final String SERVICE = "dev.weft.peers.sofa.EchoService:1.0";
  private static final int SOFA_EGRESS_PORT = 12220;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern ADMIN =
      Pattern.compile("admin API on 127\\.0\\.0\\.1:(\\d+)$", Pattern.MULTILINE);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    AssertionError failure = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (AssertionError e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Test
  void aStockSofaProviderAndConsumerFindEachOtherThroughTheirSidecarsAndTheRegistry()
      throws Exception {
    assertSofaEgressPortIsFree();
    // r registry, x xDS, pe/pi/pa provider sidecar's egress, ingress, agent; pApp the provider's
    // own port; ci/ca the consumer sidecar's ingress and agent; admins; the consumer's control.
    int[] ports = FreePorts.distinct("127.0.0.1", 11);
    int registryPort = ports[0];
    int xdsPort = ports[1];
    int providerEgress = ports[2];
    int providerIngress = ports[3];
    int providerAgent = ports[4];
    int providerApp = ports[5];
    int consumerIngress = ports[6];
    int consumerAgent = ports[7];
    int providerAdmin = ports[8];
    int consumerAdmin = ports[9];
    int consumerControl = ports[10];
    String registry = "127.0.0.1:" + registryPort;

    ChildProcess controlPlane =
        start(
            ProcessLauncher.weft(
                    "control-plane",
                    "control-plane",
                    "--store",
                    "etcd",
                    "--etcd-endpoints",
                    etcd.endpoints(),
                    "--registry-address",
                    registry,
                    "--xds-address",
                    "127.0.0.1:" + xdsPort,
                    "--admin-address",
                    "127.0.0.1:0")
                .readiness(Probe.logLine(ADMIN))
                .startTimeout(Peers.START));
    int controlPlaneAdmin = adminPort(controlPlane);
    ChildProcess watch =
        start(
            ProcessLauncher.weft(
                    "watch", "services", "--watch", "--service", SERVICE, "--registry", registry)
                .readiness(Probe.logLine(Pattern.compile("^nothing registered for ")))
                .startTimeout(Peers.START));

    // Both sidecars at once: each is ready after its first full config from the control plane.
    CompletableFuture<ChildProcess> providerSidecar =
        CompletableFuture.supplyAsync(
            () ->
                sidecar(
                    "provider-1",
                    xdsPort,
                    registry,
                    providerAgent,
                    providerEgress,
                    providerIngress,
                    providerAdmin,
                    "--app-port",
                    "bolt=" + providerApp));
    CompletableFuture<ChildProcess> consumerSidecar =
        CompletableFuture.supplyAsync(
            () ->
                sidecar(
                    "consumer-1",
                    xdsPort,
                    registry,
                    consumerAgent,
                    SOFA_EGRESS_PORT,
                    consumerIngress,
                    consumerAdmin));
    started.add(providerSidecar.join());
    started.add(consumerSidecar.join());

    ChildProcess provider =
        start(
            Peers.launcher(
                    "sofa-provider",
                    Peers.sofaJar(),
                    List.of(),
                    "sofa-provider",
                    "--port",
                    "" + providerApp,
                    "--registry",
                    "mesh://127.0.0.1:" + providerAgent)
                .readiness(Probe.logLine(Pattern.compile("^READY "))));
    // The registry gets the provider sidecar's ingress address, never the app's own port.
    watch.awaitLine(published(providerIngress), WAIT);
    String services = weft("services", "--service", SERVICE, "--registry", registry);
    assertThat(services)
        .contains("127.0.0.1:" + providerIngress + "  bolt")
        .doesNotContain(":" + providerApp);

    Caller consumer =
        Peers.caller(
            "sofa-consumer",
            Peers.sofaJar(),
            List.of(),
            consumerControl,
            "sofa-consumer",
            "--registry",
            "mesh://127.0.0.1:" + consumerAgent);
    started.add(consumer);
    consumer.run("calls=200&concurrency=8").allOk(200);

    String nodes = get("http://127.0.0.1:" + controlPlaneAdmin + "/debug/nodes");
    assertThat(nodes)
        .contains("\"node\": \"provider-1\"", "\"node\": \"consumer-1\"")
        .contains(SERVICE + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP");

    // SIGTERM: SOFA RPC's shutdown hook unpublishes, and the agent withdraws the publication.
    provider.stop();
    watch.awaitLine(withdrawn(), WAIT);
    assertThat(weft("services", "--service", SERVICE, "--registry", registry))
        .doesNotContain("127.0.0.1:" + providerIngress);
    // Once the consumer's sidecar has the empty endpoint list, calls fail at once, naming why.
    await("the consumer's sidecar has no endpoint left")
        .atMost(WAIT)
        .until(
            () ->
                consumer
                    .run("calls=1&prefix=gone")
                    .allFailed(1)
                    .firstError()
                    .contains("no healthy upstream in cluster '" + SERVICE + "'"));
  }

  private ChildProcess start(ProcessLauncher launcher) {
    ChildProcess process = launcher.start();
    started.add(process);
    return process;
  }

  private static ChildProcess sidecar(
      String node,
      int xdsPort,
      String registry,
      int agentPort,
      int egressPort,
      int ingressPort,
      int adminPort,
      String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sidecar",
                "--xds",
                "127.0.0.1:" + xdsPort,
                "--node-id",
                node,
                "--registry",
                registry,
                "--agent-address",
                "127.0.0.1:" + agentPort,
                "--publish-address",
                "127.0.0.1",
                "--egress-port",
                "bolt=" + egressPort,
                "--ingress-port",
                "bolt=" + ingressPort,
                "--admin-address",
                "127.0.0.1:" + adminPort));
    args.addAll(List.of(more));
    return ProcessLauncher.weft(node, args.toArray(String[]::new))
        .readiness(Probe.http(URI.create("http://127.0.0.1:" + adminPort + "/ready")))
        .startTimeout(Peers.START)
        .start();
  }

  /** SOFA RPC's mesh registry dials 127.0.0.1:12220 whatever it is told: it must be free. */
  private static void assertSofaEgressPortIsFree() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), SOFA_EGRESS_PORT));
    } catch (IOException e) {
      throw new AssertionError(
          "127.0.0.1:"
              + SOFA_EGRESS_PORT
              + " is in use ("
              + e.getMessage()
              + "): SOFA RPC's mesh registry always dials that port, so the consumer's sidecar"
              + " must listen there; stop what holds it (ss -ltnp 'sport = :"
              + SOFA_EGRESS_PORT
              + "') and run the test again",
          e);
    }
  }

  private static int adminPort(ChildProcess controlPlane) {
    Matcher m = ADMIN.matcher(String.join("\n", controlPlane.output()));
    assertThat(m.find()).as(controlPlane.tail(20)).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** A {@code weft services --watch} change line with the service at the ingress address. */
  private static Pattern published(int ingressPort) {
    return Pattern.compile(
        Pattern.quote(SERVICE) + "  version \\d+  127\\.0\\.0\\.1:" + ingressPort + "/bolt$");
  }

  private static Pattern withdrawn() {
    return Pattern.compile(Pattern.quote(SERVICE) + "  version \\d+  no endpoints$");
  }

  /** A one-shot {@code weft} command's output; it must exit 0. */
  private static String weft(String... args) throws InterruptedException {
    try (ChildProcess weft = ProcessLauncher.weft("weft", args).start()) {
      int exit = weft.awaitExit(WAIT);
      String output = String.join("\n", weft.output());
      assertThat(exit).as("weft " + String.join(" ", args) + ":\n" + output).isZero();
      return output;
    }
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return response.body();
  }
}
