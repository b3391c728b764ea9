package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.e2e.rpc.Peers;
import dev.weft.e2e.rpc.Peers.Caller;
import dev.weft.e2e.rpc.Peers.Summary;
import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.process.ChildProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real Apache Dubbo 3 apps with static config (no registry: the consumer has a direct URL to its
 * sidecar's Dubbo egress port, the provider listens on its port) under {@code weft control-plane}
 * on a real etcd. The sidecars are told what their apps provide and consume ({@code --publish},
 * {@code --subscribe}); the control plane builds their listeners and clusters over xDS:
 *
 * <pre>
 * consumer -> consumer-1 egress_dubbo (route: interface) -> provider-1 ingress_dubbo_P -> provider
 * </pre>
 */
class DubboUnderControlPlaneIT {
  /** The dataId is the Dubbo interface: the egress route matches it on the call's interface. */
  static final String INTERFACE = "dev.weft.peers.dubbo.EchoService";

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleNode();

  static ControlPlaneFixture mesh;
  static int providerAdmin, consumerAdmin, providerIngress, consumerEgress;
  static Caller consumer;
  static ChildProcess provider;
  static String[] providerSidecarArgs;
  static List<String> consumerClustersWhenReady;

  @BeforeAll
  static void startMesh() {
    mesh = ControlPlaneFixture.start(ETCD.endpoints());
    int[] ports = FreePorts.distinct("127.0.0.1", 7);
    providerAdmin = ports[0];
    consumerAdmin = ports[1];
    providerIngress = ports[2];
    consumerEgress = ports[3];
    int providerApp = ports[4];
    int providerEgress = ports[5];
    int consumerControl = ports[6];

    CompletableFuture<ChildProcess> providerApp0 =
        mesh.startAsync(
            () ->
                Peers.server(
                    "dubbo-provider",
                    Peers.dubboJar(),
                    List.of(),
                    "dubbo-provider",
                    "--port",
                    "" + providerApp));
    providerSidecarArgs =
        new String[] {
          "--egress-port",
          "dubbo=" + providerEgress,
          "--ingress-port",
          "dubbo=" + providerIngress,
          "--app-port",
          "dubbo=" + providerApp,
          "--publish",
          "dubbo:" + INTERFACE
        };
    CompletableFuture<ChildProcess> providerSidecar =
        mesh.startAsync(() -> mesh.sidecar("provider-1", providerAdmin, providerSidecarArgs));
    CompletableFuture<List<String>> consumerSidecar =
        mesh.startAsync(
                () ->
                    mesh.sidecar(
                        "consumer-1",
                        consumerAdmin,
                        "--egress-port",
                        "dubbo=" + consumerEgress,
                        "--subscribe",
                        "dubbo:" + INTERFACE))
            .thenApply(ready -> clusters(consumerAdmin));
    CompletableFuture<Caller> consumerApp =
        mesh.startAsync(
            () ->
                Peers.caller(
                    "dubbo-consumer",
                    Peers.dubboJar(),
                    List.of(),
                    consumerControl,
                    "dubbo-consumer",
                    "--target",
                    "127.0.0.1:" + consumerEgress,
                    "--connections",
                    "2"));
    CompletableFuture.allOf(providerApp0, providerSidecar, consumerSidecar, consumerApp).join();
    consumer = consumerApp.join();
    consumerClustersWhenReady = consumerSidecar.join();
    provider = providerSidecar.join();
  }

  private static List<String> clusters(int admin) {
    try {
      return ControlPlaneFixture.clusters(admin);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("cannot read the config_dump on port " + admin, e);
    }
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aReadySidecarAlreadyHasTheClusterOfTheServiceItWasToldItsAppConsumes() throws Exception {
    // The sidecar asks for its config once the registry has its subscription, so the first
    // config it applies (and reports ready with) has the cluster; the provider may not be in it
    // yet, since the two sidecars start together.
    assertThat(consumerClustersWhenReady).as(mesh.debugConfig("consumer-1")).contains(INTERFACE);
    assertThat(ControlPlaneFixture.listeners(consumerAdmin)).containsExactly("egress_dubbo");
  }

  @Test
  void callsThroughSidecarsTheControlPlaneConfiguredAllReachTheProvider() throws Exception {
    // The consumer sidecar's cluster for the interface has the provider sidecar's ingress.
    awaitProviderInCluster();
    assertThat(ControlPlaneFixture.listeners(providerAdmin))
        .as(mesh.debugConfig("provider-1"))
        .contains("ingress_dubbo_" + providerIngress);

    consumer.run("calls=1").allOk(1);
    consumer.run("calls=600&concurrency=24").allOk(600);
  }

  @Test
  void whileTheProviderSidecarIsAwayCallsFailPromptlyAndTheyWorkOnceItIsBack() throws Exception {
    awaitProviderInCluster();
    consumer.run("calls=20&concurrency=4").allOk(20);

    // A stopped sidecar closes its registry session: its publication goes at once, and the
    // control plane empties the consumer sidecar's cluster.
    assertThat(provider.stop()).isEqualTo(143);
    await("consumer-1's cluster " + INTERFACE + " is empty")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ControlPlaneFixture.clusterHosts(consumerAdmin, INTERFACE).isEmpty());
    Summary away = consumer.run("calls=4&concurrency=4&timeoutMs=10000").allFailed(4);
    assertThat(away.kinds()).as(away.line()).doesNotContain("timeout");
    assertThat(away.firstError()).contains("no healthy upstream in cluster '" + INTERFACE + "'");

    provider = mesh.sidecar("provider-1", providerAdmin, providerSidecarArgs);
    awaitProviderInCluster();
    await("calls work again")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> consumer.run("calls=1").ok() == 1);
    consumer.run("calls=200&concurrency=8").allOk(200);
  }

  private static void awaitProviderInCluster() {
    await("consumer-1 has the cluster " + INTERFACE + " with provider-1's ingress")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                ControlPlaneFixture.clusterHosts(consumerAdmin, INTERFACE)
                    .equals(List.of("127.0.0.1:" + providerIngress)));
  }
}
