package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control plane fails while HTTP traffic flows through the mesh; everything is a real process
 * (etcd, {@code weft control-plane}, sidecars, apps). The sidecars serve their last config while
 * the control plane is away, so no request may fail; then they resync with the control plane that
 * is there, and a change made after the failure reaches the consumer.
 *
 * <pre>
 * 4 client threads -> consumer-1 egress_http -> provider-1 ingress -> app "provider-1"
 *                                            -> provider-2 ingress -> app "provider-2" (added later)
 * </pre>
 */
class ControlPlaneFailuresIT {
  private static final String SERVICE = "failover.weft";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration DOWN = Duration.ofSeconds(3);
  private static final int CLIENT_THREADS = 4;

  @RegisterExtension final EtcdExtension etcd = EtcdExtension.singleNode();

  private ControlPlaneFixture mesh;
  private HttpLoad load;

  @AfterEach
  void stopAll() throws Exception {
    if (load != null) {
      load.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  /** The mesh under load: provider-1's pod and consumer-1's sidecar, both ready, and the load. */
  private record Mesh(HttpPod provider, int consumerAdmin, int consumerEgress, int[] spare) {}

  private Mesh meshUnderLoad() throws Exception {
    int[] ports = FreePorts.distinct("127.0.0.1", 10);
    int consumerAdmin = ports[8];
    int consumerEgress = ports[9];
    CompletableFuture<HttpPod> provider =
        CompletableFuture.supplyAsync(
            () ->
                HttpPod.start(
                    mesh,
                    "provider-1",
                    Arrays.copyOfRange(ports, 0, 4),
                    "--publish",
                    "http:" + SERVICE));
    mesh.sidecar(
        "consumer-1",
        consumerAdmin,
        "--egress-port",
        "http=" + consumerEgress,
        "--subscribe",
        "http:" + SERVICE);
    HttpPod one = provider.join();
    ControlPlaneFixture.awaitClusterHosts(consumerAdmin, SERVICE, List.of(one.endpoint()), WAIT);
    load = HttpLoad.start(consumerEgress, SERVICE, CLIENT_THREADS);
    await("provider-1 answers under load")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> load.answered(one.name) >= 200);
    return new Mesh(one, consumerAdmin, consumerEgress, Arrays.copyOfRange(ports, 4, 8));
  }

  /** provider-2's pod, started now; it gets traffic once the consumer has it. */
  private HttpPod addProvider(Mesh under) {
    HttpPod two = HttpPod.start(mesh, "provider-2", under.spare(), "--publish", "http:" + SERVICE);
    ControlPlaneFixture.awaitClusterHosts(
        under.consumerAdmin(), SERVICE, List.of(under.provider().endpoint(), two.endpoint()), WAIT);
    await("provider-2 answers")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> load.answered(two.name) > 0);
    return two;
  }

  /** The node ids a control plane streams to, and that consumer-1's session there subscribes. */
  private static boolean serves(int controlPlaneAdmin) throws Exception {
    return XdsAdmin.nodes(controlPlaneAdmin)
            .keySet()
            .containsAll(List.of("consumer-1", "provider-1"))
        && XdsAdmin.subscribes(controlPlaneAdmin, "consumer-1").orElse("").contains(SERVICE);
  }

  private static long millisSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
  }

  @Test
  void aControlPlaneKilledUnderLoadAndRestartedLosesNoRequestAndTheSidecarsResync()
      throws Exception {
    // The sessions' publications outlive the killed control plane by the session TTL; it is
    // longer than the test's downtime, so the restarted one still finds provider-1 in etcd.
    mesh = ControlPlaneFixture.start(etcd.endpoints(), "--session-ttl", "30s");
    ControlPlaneReplica controlPlane = mesh.replica(0);
    Mesh under = meshUnderLoad();
    int providerAdmin = under.provider().admin;

    long killed = System.nanoTime();
    mesh.kill(0);
    await("both sidecars see the control plane gone")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                XdsAdmin.connection(under.consumerAdmin()).equals("DISCONNECTED")
                    && XdsAdmin.connection(providerAdmin).equals("DISCONNECTED"));
    long okAtKill = load.ok();
    await("the load runs for " + DOWN + " without a control plane")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> System.nanoTime() - killed >= DOWN.toNanos());
    long okWhileDown = load.ok() - okAtKill;
    assertThat(okWhileDown).as(load.summary()).isPositive();
    assertThat(load.failures()).as("while the control plane is down: " + load.summary()).isEmpty();
    assertThat(ControlPlaneFixture.get(under.consumerAdmin(), "/ready")).startsWith("ready");
    assertThat(ControlPlaneFixture.clusterHosts(under.consumerAdmin(), SERVICE))
        .containsExactly(under.provider().endpoint());

    long restarted = System.nanoTime();
    mesh.restart(0);
    long up = millisSince(restarted);
    await("both sidecars reconnect to the restarted control plane")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                XdsAdmin.connectedTo(under.consumerAdmin()).equals(controlPlane.xds())
                    && XdsAdmin.connectedTo(providerAdmin).equals(controlPlane.xds()));
    long reconnected = millisSince(restarted);
    await("the restarted control plane streams to both, with consumer-1's subscription")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> serves(controlPlane.adminPort));
    long resynced = millisSince(restarted);

    // A change after the restart reaches the consumer and gets traffic.
    HttpPod two = addProvider(under);
    await("consumer-1 ACKed the new endpoints on the restarted control plane")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                XdsAdmin.acked(controlPlane.adminPort, "consumer-1", XdsAdmin.EDS)
                    .equals(XdsAdmin.version(under.consumerAdmin(), "EDS")));
    load.stop();

    String summary =
        String.format(
            "%s; %d ok while the control plane was down (%d ms); restarted one ready in %d ms,"
                + " sidecars reconnected %d ms and resynced %d ms after its start",
            load.summary(), okWhileDown, DOWN.toMillis(), up, reconnected, resynced);
    System.out.println("ControlPlaneFailuresIT restart: " + summary);
    assertThat(load.failures()).as(summary).isEmpty();
    assertThat(load.answered(two.name)).as(summary).isPositive();
  }

  @Test
  void withTwoReplicasTheSidecarsMoveToTheSecondWhenTheFirstIsKilledUnderLoad() throws Exception {
    mesh = ControlPlaneFixture.replicas(etcd.endpoints(), 2);
    ControlPlaneReplica first = mesh.replica(0);
    ControlPlaneReplica second = mesh.replica(1);
    Mesh under = meshUnderLoad();
    int providerAdmin = under.provider().admin;
    // Both sidecars are on the first replica; the second streams to nobody.
    assertThat(XdsAdmin.connectedTo(under.consumerAdmin())).isEqualTo(first.xds());
    assertThat(XdsAdmin.connectedTo(providerAdmin)).isEqualTo(first.xds());
    assertThat(serves(first.adminPort)).isTrue();
    assertThat(XdsAdmin.nodes(second.adminPort)).isEmpty();

    long killed = System.nanoTime();
    mesh.kill(0);
    await("the second replica streams to both, with consumer-1's subscription from its session")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> serves(second.adminPort));
    long servedAfter = millisSince(killed);
    // A sidecar counts its stream as connected once it has stayed open for a second.
    await("both sidecars say they are on the second replica")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                XdsAdmin.connectedTo(under.consumerAdmin()).equals(second.xds())
                    && XdsAdmin.connectedTo(providerAdmin).equals(second.xds()));
    long reportedAfter = millisSince(killed);

    // A change after the kill reaches the consumer: provider-2, whose sidecar is given both
    // replicas too and skips the dead first one.
    HttpPod two = addProvider(under);
    assertThat(XdsAdmin.connectedTo(two.admin)).isEqualTo(second.xds());
    await("consumer-1 ACKed the new endpoints on the second replica")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                XdsAdmin.acked(second.adminPort, "consumer-1", XdsAdmin.EDS)
                    .equals(XdsAdmin.version(under.consumerAdmin(), "EDS")));
    // The dead replica's sessions expire after the session TTL (10 s); the sidecars published
    // again on the second, so the consumer's endpoints do not change.
    Duration ttlPassed = Duration.ofSeconds(12).minusNanos(System.nanoTime() - killed);
    if (!ttlPassed.isNegative()) {
      await("provider-1 stays in the cluster when the dead replica's session expires")
          .during(ttlPassed)
          .atMost(ttlPassed.plus(WAIT))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> ControlPlaneFixture.clusterHosts(under.consumerAdmin(), SERVICE).size() == 2);
    }
    load.stop();

    String summary =
        String.format(
            "%s; the second replica had both sidecars' streams and sessions %d ms after the kill,"
                + " the sidecars' config_dump said so after %d ms",
            load.summary(), servedAfter, reportedAfter);
    System.out.println("ControlPlaneFailuresIT failover: " + summary);
    assertThat(load.failures()).as(summary).isEmpty();
    assertThat(load.answered(two.name)).as(summary).isPositive();
    assertThat(ControlPlaneFixture.clusterHosts(under.consumerAdmin(), SERVICE))
        .containsExactlyInAnyOrder(under.provider().endpoint(), two.endpoint());
  }
}
