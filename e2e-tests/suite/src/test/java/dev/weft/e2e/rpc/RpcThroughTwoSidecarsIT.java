package dev.weft.e2e.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.e2e.rpc.Peers.Caller;
import dev.weft.e2e.rpc.Peers.Summary;
import dev.weft.testing.FreePorts;
import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real SOFA RPC 5, SOFA Bolt and Apache Dubbo 3 peers (each in its own JVM, on the Netty it was
 * released with) talking through two {@code ./weft sidecar} processes:
 *
 * <pre>
 * consumer -> egress sidecar (routes on the service header) -> ingress sidecar -> provider
 * </pre>
 *
 * Both sidecars serve three listeners each: {@code bolt} for SOFA RPC (routed on {@code service}),
 * {@code bolt} for plain Bolt clients (no {@code service} header, a catch-all route) and {@code
 * dubbo}. Every JVM is started once for the class; tests that kill one start it again.
 */
class RpcThroughTwoSidecarsIT {
  static final String SOFA_SERVICE = "dev.weft.peers.sofa.EchoService:1.0";
  static final String DUBBO_SERVICE = "dev.weft.peers.dubbo.EchoService";
  private static final Duration PROMPT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;

  // Ports: e = egress listener, i = ingress listener, p = peer server, c = control port.
  static int eSofa, eBolt, eBoltV2, eDubbo, iSofa, iBolt, iBoltV2, iDubbo, pSofa, pBolt, pDubbo;
  static int egressAdmin, ingressAdmin;
  static ChildProcess egress, ingress;
  static volatile ChildProcess sofaProvider, boltServer, dubboProvider;
  static Caller sofaA, sofaB, boltClient, dubboConsumer;
  static final List<AutoCloseable> OTHERS = new ArrayList<>();

  @BeforeAll
  static void startMesh() throws Exception {
    int[] ports = FreePorts.distinct("127.0.0.1", 15);
    eSofa = ports[0];
    eBolt = ports[1];
    eDubbo = ports[2];
    iSofa = ports[3];
    iBolt = ports[4];
    iDubbo = ports[5];
    pSofa = ports[6];
    pBolt = ports[7];
    pDubbo = ports[8];
    egressAdmin = ports[9];
    ingressAdmin = ports[10];
    eBoltV2 = ports[11];
    iBoltV2 = ports[12];

    sofaProvider = startSofaProvider();
    // The plain Bolt server closes connections idle for 3 s, so the ingress sidecar's upstream
    // connection must be kept alive (or re-opened) by the sidecar.
    boltServer =
        Peers.server(
            "bolt-server",
            Peers.sofaJar(),
            List.of("-Dbolt.tcp.server.idle.interval=3000"),
            "bolt-server",
            "--port",
            "" + pBolt);
    dubboProvider = startDubboProvider();

    ingress =
        sidecar(
            "ingress",
            ingressAdmin,
            config(
                "ingress",
                iSofa,
                iBolt,
                iBoltV2,
                iDubbo,
                "127.0.0.1:" + pSofa,
                "127.0.0.1:" + pBolt,
                "127.0.0.1:" + pBolt,
                "127.0.0.1:" + pDubbo));
    egress =
        sidecar(
            "egress",
            egressAdmin,
            config(
                "egress",
                eSofa,
                eBolt,
                eBoltV2,
                eDubbo,
                "127.0.0.1:" + iSofa,
                "127.0.0.1:" + iBolt,
                "127.0.0.1:" + iBoltV2,
                "127.0.0.1:" + iDubbo));

    // Two SOFA RPC consumer JVMs, two connections each: both number their requests 1, 2, 3...,
    // so the egress sidecar sees the same request IDs on four connections at once.
    sofaA = sofaConsumer("sofa-a");
    sofaB = sofaConsumer("sofa-b");
    // Three RpcClients, one connection each; Bolt heartbeats every second when idle, and a
    // connection closes after three unanswered ones.
    boltClient =
        Peers.caller(
            "bolt-client",
            Peers.sofaJar(),
            List.of("-Dbolt.tcp.heartbeat.interval=1000"),
            FreePorts.loopback(),
            "bolt-client",
            "--target",
            "127.0.0.1:" + eBolt,
            "--clients",
            "3");
    // Dubbo heartbeats every second when idle and reconnects after three silent seconds.
    dubboConsumer =
        Peers.caller(
            "dubbo-consumer",
            Peers.dubboJar(),
            List.of(),
            FreePorts.loopback(),
            "dubbo-consumer",
            "--target",
            "127.0.0.1:" + eDubbo,
            "--connections",
            "2",
            "--heartbeat-ms",
            "1000");
  }

  @AfterAll
  static void stopMesh() throws Exception {
    for (AutoCloseable closeable :
        new AutoCloseable[] {
          sofaA,
          sofaB,
          boltClient,
          dubboConsumer,
          egress,
          ingress,
          sofaProvider,
          boltServer,
          dubboProvider
        }) {
      if (closeable != null) {
        closeable.close();
      }
    }
    for (AutoCloseable other : OTHERS) {
      other.close();
    }
  }

  @Test
  void sofaRpcCallersWithCollidingRequestIdsEachGetTheirOwnReply() {
    CompletableFuture<Summary> a = sofaA.runAsync("calls=600&concurrency=24");
    CompletableFuture<Summary> b = sofaB.runAsync("calls=600&concurrency=24");
    a.join().allOk(600);
    b.join().allOk(600);
  }

  @Test
  void rawBoltConnectionsThatAllUseTheSameRequestIdsAreKeptApart() throws Exception {
    // Eight connections, each numbering its requests from 1 with 16 in flight: the same IDs
    // arrive on every connection at the same time. Every reply is checked against its token.
    load("sofa", eSofa, 4000).allOk(4000);
    load("plain", eBolt, 2000).allOk(2000);
  }

  @Test
  void plainBoltClientsWithoutAServiceHeaderAreForwarded() {
    boltClient.run("calls=600&concurrency=24").allOk(600);
  }

  @Test
  void boltV2FramesWithCrcAreForwardedWithTheirChecksumsRecomputed() {
    // Bolt v2 with ver1=2 ends every frame with a CRC32 over the frame, request ID included: each
    // sidecar that renumbers a request must write a new checksum, or the peer drops the frame.
    boltClient
        .run(
            "target=127.0.0.1:"
                + eBoltV2
                + "?_PROTOCOL=2%26_VERSION=2&calls=300&concurrency=12&prefix=v2")
        .allOk(300);
  }

  @Test
  void dubboCallersEachGetTheirOwnReply() {
    dubboConsumer.run("calls=600&concurrency=24").allOk(600);
  }

  @Test
  void applicationExceptionsReachTheCallerUnchanged() {
    Summary sofa = sofaA.run("method=fail&calls=4&concurrency=4&prefix=fail").allFailed(4);
    assertThat(sofa.firstError()).contains("IllegalStateException").contains("fail:sofa-a-fail-");
    Summary dubbo = dubboConsumer.run("method=fail&calls=4&concurrency=4&prefix=fail");
    dubbo.allFailed(4);
    assertThat(dubbo.firstError())
        .contains("IllegalStateException")
        .contains("fail:dubbo-consumer-fail-");
  }

  @Test
  void aSlowProviderTimesOutAtTheConsumerAndTheConnectionStaysUsable() {
    for (Summary summary :
        List.of(
            sofaA.run("method=slow&slowMs=3000&timeoutMs=500&calls=4&concurrency=4"),
            boltClient.run("slowMs=3000&timeoutMs=500&calls=3&concurrency=3"),
            dubboConsumer.run("method=slow&slowMs=3000&timeoutMs=500&calls=4&concurrency=4"))) {
      summary.allFailed(summary.calls());
      assertThat(summary.kinds()).as(summary.line()).isEqualTo("timeout:" + summary.calls());
    }
    // The late replies reach the sidecars after their callers gave up; the same connections
    // then carry new calls.
    sofaA.run("calls=50&concurrency=8").allOk(50);
    boltClient.run("calls=50&concurrency=8").allOk(50);
    dubboConsumer.run("calls=50&concurrency=8").allOk(50);
  }

  @Test
  void anUnknownServiceIsRefusedWithAnErrorNamingIt() {
    // The egress sidecar refuses the call at once with SERVER_EXCEPTION and an exception whose
    // message names the service; SOFA RPC shows it in the cause chain.
    Summary sofa = sofaA.run("uniqueId=nobody&calls=2&concurrency=2").allFailed(2);
    assertThat(sofa.kinds()).as(sofa.line()).doesNotContain("timeout");
    assertThat(sofa.firstError())
        .contains("RpcServerException")
        .containsPattern("no route for service '[^']*EchoService:1\\.0:nobody'");
    Summary dubbo = dubboConsumer.run("service=missing&calls=2&concurrency=2").allFailed(2);
    assertThat(dubbo.kinds()).as(dubbo.line()).doesNotContain("timeout");
    // Dubbo puts the service name into its own message too: look at the remote error text only.
    assertThat(dubbo.firstError())
        .containsPattern("RemotingException: [^<]*dev\\.weft\\.peers\\.dubbo\\.MissingService");
  }

  @Test
  void aProviderKilledMidFlightFailsItsCallsPromptlyAndCallsWorkOnceItIsBack() {
    // Calls that would take two minutes; both sidecars' route timeouts are longer.
    CompletableFuture<Summary> sofaCalls =
        sofaA.runAsync(
            "method=slow&slowMs=120000&timeoutMs=150000&calls=6&concurrency=6&prefix=killed");
    CompletableFuture<Summary> dubboCalls =
        dubboConsumer.runAsync(
            "method=slow&slowMs=120000&timeoutMs=150000&calls=6&concurrency=6&prefix=killed");
    awaitLines(sofaProvider, "SLOW-STARTED sofa-a-killed-", 6);
    awaitLines(dubboProvider, "SLOW-STARTED dubbo-consumer-killed-", 6);
    sofaProvider.kill();
    dubboProvider.kill();

    await("callers of the killed providers get errors")
        .atMost(PROMPT)
        .until(() -> sofaCalls.isDone() && dubboCalls.isDone());
    for (Summary summary : List.of(sofaCalls.join(), dubboCalls.join())) {
      summary.allFailed(6);
      assertThat(summary.kinds()).as(summary.line()).doesNotContain("timeout");
    }

    sofaProvider = startSofaProvider();
    dubboProvider = startDubboProvider();
    await("SOFA RPC calls work again")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> sofaA.run("calls=1").ok() == 1);
    await("Dubbo calls work again")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> dubboConsumer.run("calls=1").ok() == 1);
    sofaA.run("calls=100&concurrency=8").allOk(100);
    dubboConsumer.run("calls=100&concurrency=8").allOk(100);
  }

  @Test
  void aConsumerKilledMidFlightLeavesTheSidecarsAndTheProviderHealthy() throws Exception {
    Caller doomed = sofaConsumer("sofa-doomed");
    OTHERS.add(doomed);
    CompletableFuture<Summary> calls =
        doomed.runAsync("method=slow&slowMs=2000&timeoutMs=30000&calls=8&concurrency=8");
    awaitLines(sofaProvider, "SLOW-STARTED sofa-doomed-", 8);
    doomed.process().kill();
    // The provider finishes the calls; their replies reach sidecars whose caller is gone.
    awaitLines(sofaProvider, "SLOW-DONE sofa-doomed-", 8);
    assertThat(calls).isCompletedExceptionally();

    assertThat(sofaProvider.isAlive()).isTrue();
    for (int admin : new int[] {egressAdmin, ingressAdmin}) {
      assertThat(get("http://127.0.0.1:" + admin + "/ready").statusCode()).isEqualTo(200);
    }
    sofaA.run("calls=200&concurrency=16").allOk(200);
    sofaB.run("calls=200&concurrency=16").allOk(200);
  }

  @Test
  void idleConnectionsStayUpThroughTheSidecarsLongerThanSeveralHeartbeatIntervals()
      throws Exception {
    boltClient.run("calls=30&concurrency=3").allOk(30);
    dubboConsumer.run("calls=30&concurrency=4").allOk(30);
    String boltConnections = boltClient.get("/connections");
    assertThat(boltConnections).endsWith("closes=0");
    long egressBolt = connectionsAccepted(egressAdmin, "egress_bolt_plain");
    long egressDubbo = connectionsAccepted(egressAdmin, "egress_dubbo");
    long ingressBolt = connectionsAccepted(ingressAdmin, "ingress_bolt_plain");
    long ingressDubbo = connectionsAccepted(ingressAdmin, "ingress_dubbo");
    long toBoltServer = connectionsOpened(ingressAdmin, "ingress_bolt_plain");

    // Heartbeats every second on idle connections, closed after three silent seconds: over five
    // idle seconds no connection anywhere closes or is replaced. The Bolt server closes
    // connections idle for three seconds, so the ingress sidecar's connection to it stays only if
    // the sidecar keeps it busy with heartbeats of its own.
    await("idle connections stay up")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                boltClient.get("/connections").equals(boltConnections)
                    && connectionsAccepted(egressAdmin, "egress_bolt_plain") == egressBolt
                    && connectionsAccepted(egressAdmin, "egress_dubbo") == egressDubbo
                    && connectionsAccepted(ingressAdmin, "ingress_bolt_plain") == ingressBolt
                    && connectionsAccepted(ingressAdmin, "ingress_dubbo") == ingressDubbo
                    && connectionsOpened(ingressAdmin, "ingress_bolt_plain") == toBoltServer);

    boltClient.run("calls=30&concurrency=3").allOk(30);
    dubboConsumer.run("calls=30&concurrency=4").allOk(30);
    assertThat(boltClient.get("/connections")).isEqualTo(boltConnections);
    assertThat(connectionsAccepted(egressAdmin, "egress_dubbo")).isEqualTo(egressDubbo);
  }

  // ---------------------------------------------------------------------------------------------

  private static ChildProcess startSofaProvider() {
    return Peers.server(
        "sofa-provider", Peers.sofaJar(), List.of(), "sofa-provider", "--port", "" + pSofa);
  }

  private static ChildProcess startDubboProvider() {
    return Peers.server(
        "dubbo-provider", Peers.dubboJar(), List.of(), "dubbo-provider", "--port", "" + pDubbo);
  }

  private static Caller sofaConsumer(String name) {
    return Peers.caller(
        name,
        Peers.sofaJar(),
        List.of(),
        FreePorts.loopback(),
        "sofa-consumer",
        "--target",
        "127.0.0.1:" + eSofa,
        "--connections",
        "2");
  }

  /** A bounded run of the raw Bolt load client with every reply verified. */
  private static Summary load(String kind, int port, int calls) throws Exception {
    try (ChildProcess load =
        Peers.launcher(
                "bolt-load-" + kind,
                Peers.sofaJar(),
                List.of(),
                "bolt-load",
                "--target",
                "127.0.0.1:" + port,
                "--kind",
                kind,
                "--connections",
                "8",
                "--depth",
                "16",
                "--calls",
                "" + calls,
                "--duration-s",
                "120",
                "--verify",
                "true")
            .start()) {
      assertThat(load.awaitExit(Duration.ofMinutes(3))).as(load.tail(20)).isZero();
      return Summary.parse("bolt-load " + kind, String.join("\n", load.output()));
    }
  }

  private static ChildProcess sidecar(String name, int admin, Path config) {
    return ProcessLauncher.weft(
            name, "sidecar", "-c", config.toString(), "--admin-address", "127.0.0.1:" + admin)
        .readiness(Probe.http(URI.create("http://127.0.0.1:" + admin + "/ready")))
        .startTimeout(Peers.START)
        .start();
  }

  /**
   * A MOSN config in the style of the seeds' clientListener/serverListener: four listeners, each
   * with its router, and one cluster per listener.
   */
  private static Path config(
      String side,
      int sofaPort,
      int boltPort,
      int boltV2Port,
      int dubboPort,
      String sofaUpstream,
      String boltUpstream,
      String boltV2Upstream,
      String dubboUpstream)
      throws Exception {
    String json =
        """
        {
          "servers": [{
            "listeners": [
              %s,
              %s,
              %s,
              %s
            ],
            "routers": [
              {"router_config_name": "%1$s_bolt_router", "virtual_hosts": [{"name": "sofa",
                "domains": ["*"], "routers": [{"match": {"headers": [{"name": "service",
                "value": "%s", "regex": false}]}, "route": {"cluster_name": "%1$s_sofa",
                "timeout": "180s"}}]}]},
              {"router_config_name": "%1$s_bolt_plain_router", "virtual_hosts": [{"name": "all",
                "domains": ["*"], "routers": [{"match": {"headers": []}, "route": {
                "cluster_name": "%1$s_bolt_plain", "timeout": "180s"}}]}]},
              {"router_config_name": "%1$s_boltv2_router", "virtual_hosts": [{"name": "all",
                "domains": ["*"], "routers": [{"match": {"headers": []}, "route": {
                "cluster_name": "%1$s_boltv2", "timeout": "180s"}}]}]},
              {"router_config_name": "%1$s_dubbo_router", "virtual_hosts": [{"name": "dubbo",
                "domains": ["*"], "routers": [{"match": {"headers": [{"name": "service",
                "value": "%s", "regex": false}]}, "route": {"cluster_name": "%1$s_dubbo",
                "timeout": "180s"}}]}]}
            ]
          }],
          "cluster_manager": {"clusters": [
            {"name": "%1$s_sofa", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
             "hosts": [{"address": "%s"}]},
            {"name": "%1$s_bolt_plain", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
             "hosts": [{"address": "%s"}]},
            {"name": "%1$s_boltv2", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
             "hosts": [{"address": "%s"}]},
            {"name": "%1$s_dubbo", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
             "hosts": [{"address": "%s"}]}
          ]}
        }
        """;
    // Positional %1$s is the side; the rest are filled in order.
    String filled =
        json.replace("%1$s", side)
            .formatted(
                listener(side + "_bolt", sofaPort, "bolt", side + "_bolt_router"),
                listener(side + "_bolt_plain", boltPort, "bolt", side + "_bolt_plain_router"),
                listener(side + "_boltv2", boltV2Port, "boltv2", side + "_boltv2_router"),
                listener(side + "_dubbo", dubboPort, "dubbo", side + "_dubbo_router"),
                SOFA_SERVICE,
                DUBBO_SERVICE,
                sofaUpstream,
                boltUpstream,
                boltV2Upstream,
                dubboUpstream);
    return Files.writeString(dir.resolve(side + ".json"), filled);
  }

  private static String listener(String name, int port, String protocol, String router) {
    return ("{\"name\": \"%s\", \"address\": \"127.0.0.1:%d\", \"bind_port\": true,"
            + " \"filter_chains\": [{\"filters\": [{\"type\": \"proxy\", \"config\":"
            + " {\"downstream_protocol\": \"%s\", \"upstream_protocol\": \"%s\","
            + " \"router_config_name\": \"%s\"}}]}]}")
        .formatted(name, port, protocol, protocol, router);
  }

  /** Waits until {@code process} has printed {@code count} lines starting with {@code prefix}. */
  private static void awaitLines(ChildProcess process, String prefix, int count) {
    await(process.name() + " prints " + count + " lines starting " + prefix)
        .atMost(PROMPT)
        .until(() -> process.output().stream().filter(l -> l.startsWith(prefix)).count() >= count);
  }

  /** The sidecar's count of downstream connections a listener accepted so far. */
  private static long connectionsAccepted(int admin, String listener) throws Exception {
    return counter(admin, "downstream_connection_total", "listener", listener);
  }

  private static long counter(int admin, String metric, String label, String value)
      throws Exception {
    String metrics = get("http://127.0.0.1:" + admin + "/stats/prometheus").body();
    Matcher m =
        Pattern.compile("(?m)^" + metric + "\\{" + label + "=\"" + value + "\"\\} (\\d+)")
            .matcher(metrics);
    assertThat(m.find()).as(metric + " of " + value + " in:\n" + metrics).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** The sidecar's count of connections it opened to a cluster's hosts so far. */
  private static long connectionsOpened(int admin, String cluster) throws Exception {
    return counter(admin, "upstream_connection_total", "cluster", cluster);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
