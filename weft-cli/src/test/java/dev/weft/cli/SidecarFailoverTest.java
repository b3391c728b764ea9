package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code weft sidecar --xds A,B --registry A',B'}: two {@code weft control-plane} replicas on one
 * real etcd, a provider and a consumer sidecar given both, all in-process. When replica A stops,
 * each sidecar's ADS stream and registry session move to B together, and a change made on B reaches
 * the consumer.
 */
class SidecarFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SERVICE = "shop";

  /** The nodes a replica serves, as {@link AdminApis#debugNodes} lists them. */
  private static final List<String> NODES =
      List.of(
          "consumer-1 [" + SERVICE + "#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP]", "provider-1 []");

  @RegisterExtension final EtcdExtension etcd = EtcdExtension.singleNode();

  private final BackgroundCommands background = new BackgroundCommands();
  private final List<HttpServer> apps = new ArrayList<>();

  /** One control-plane replica's addresses, and the running command. */
  private record Replica(int registry, int xds, int admin, BackgroundCommands.Running command) {
    String xdsAddress() {
      return "127.0.0.1:" + xds;
    }

    String registryAddress() {
      return "127.0.0.1:" + registry;
    }
  }

  @AfterEach
  void stopAll() throws Exception {
    try {
      background.close();
    } finally {
      apps.forEach(app -> app.stop(0));
    }
  }

  private Replica replica() {
    int[] ports = FreePorts.distinct("127.0.0.1", 3);
    BackgroundCommands.Running command =
        background.start(
            List.of(
                "control-plane",
                "--store",
                "etcd",
                "--etcd-endpoints",
                etcd.endpoints(),
                "--registry-address",
                "127.0.0.1:" + ports[0],
                "--xds-address",
                "127.0.0.1:" + ports[1],
                "--admin-address",
                "127.0.0.1:" + ports[2]));
    return new Replica(ports[0], ports[1], ports[2], command);
  }

  /** An HTTP app on a free port that answers {@code <name> saw <path>}. */
  private int app(String name) throws Exception {
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/",
        exchange -> {
          byte[] body =
              (name + " saw " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    app.start();
    apps.add(app);
    return app.getAddress().getPort();
  }

  private void sidecar(Replica a, Replica b, String node, int admin, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sidecar",
                "--xds",
                a.xdsAddress() + "," + b.xdsAddress(),
                "--registry",
                a.registryAddress() + "," + b.registryAddress(),
                "--node-id",
                node,
                "--agent-address",
                "127.0.0.1:0",
                "--publish-address",
                "127.0.0.1",
                "--admin-address",
                "127.0.0.1:" + admin,
                "--workers",
                "1"));
    args.addAll(List.of(extra));
    background.start(args);
  }

  @Test
  void whenTheFirstReplicaStopsTheAdsStreamAndTheRegistrySessionMoveToTheSecond() throws Exception {
    Replica a = replica();
    Replica b = replica();
    int[] ports = FreePorts.distinct("127.0.0.1", 5);
    int providerAdmin = ports[0];
    int providerIngress = ports[1];
    int consumerAdmin = ports[2];
    int consumerEgress = ports[3];
    sidecar(
        a,
        b,
        "provider-1",
        providerAdmin,
        "--egress-port",
        "http=" + ports[4],
        "--ingress-port",
        "http=" + providerIngress,
        "--app-port",
        "http=" + app("provider-1"),
        "--publish",
        "http:" + SERVICE);
    sidecar(
        a,
        b,
        "consumer-1",
        consumerAdmin,
        "--egress-port",
        "http=" + consumerEgress,
        "--subscribe",
        "http:" + SERVICE);
    await().atMost(WAIT).until(() -> AdminApis.ready(consumerAdmin));
    await()
        .atMost(WAIT)
        .until(
            () ->
                AdminApis.clusterHosts(consumerAdmin, SERVICE)
                    .equals(List.of("127.0.0.1:" + providerIngress)));
    assertThat(AdminApis.rawGet(consumerEgress, "/before", SERVICE))
        .endsWith("provider-1 saw /before");
    // Both sidecars are on A, the first replica; B has no stream.
    await().atMost(WAIT).until(() -> AdminApis.connectedTo(consumerAdmin).equals(a.xdsAddress()));
    await().atMost(WAIT).until(() -> AdminApis.connectedTo(providerAdmin).equals(a.xdsAddress()));
    assertThat(AdminApis.xds(consumerAdmin).get("control_plane").getAsString())
        .isEqualTo(a.xdsAddress() + "," + b.xdsAddress());
    assertThat(AdminApis.debugNodes(a.admin())).isEqualTo(NODES);
    assertThat(AdminApis.debugNodes(b.admin())).isEmpty();

    a.command().stop();

    // The ADS streams move to B ...
    await().atMost(WAIT).until(() -> AdminApis.connectedTo(consumerAdmin).equals(b.xdsAddress()));
    await().atMost(WAIT).until(() -> AdminApis.connectedTo(providerAdmin).equals(b.xdsAddress()));
    // ... and so do the registry sessions: B knows what the consumer subscribes to only from a
    // session opened on B.
    await().atMost(WAIT).until(() -> AdminApis.debugNodes(b.admin()).equals(NODES));
    assertThat(AdminApis.clusterHosts(consumerAdmin, SERVICE))
        .containsExactly("127.0.0.1:" + providerIngress);
    assertThat(AdminApis.rawGet(consumerEgress, "/during", SERVICE))
        .endsWith("provider-1 saw /during");

    // A change made on B reaches the consumer: a second provider registered there.
    int second = app("provider-2");
    CommandRunner.Result registered =
        CommandRunner.run(
            "register",
            "--registry",
            b.registryAddress(),
            "--service",
            SERVICE,
            "--protocol",
            "http",
            "--address",
            "127.0.0.1:" + second);
    assertThat(registered.exitCode()).as(registered.err()).isZero();
    await()
        .atMost(WAIT)
        .until(
            () ->
                AdminApis.clusterHosts(consumerAdmin, SERVICE).stream()
                    .sorted()
                    .toList()
                    .equals(
                        List.of("127.0.0.1:" + providerIngress, "127.0.0.1:" + second).stream()
                            .sorted()
                            .toList()));
    await()
        .atMost(WAIT)
        .until(
            () ->
                AdminApis.rawGet(consumerEgress, "/after", SERVICE)
                    .endsWith("provider-2 saw /after"));
  }
}
