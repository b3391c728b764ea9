package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.etcd.EtcdCluster;
import dev.weft.testing.etcd.EtcdMember;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * etcd fails under load while the mesh runs on it: {@code weft control-plane --store etcd}, a
 * provider pod publishing {@code http:SERVICE}, a second pod that publishes only later (through its
 * sidecar's agent), a consumer sidecar and 4 client threads.
 *
 * <pre>
 * 4 client threads -> consumer-1 egress_http -> provider-1 ingress -> app "provider-1"
 *                                            -> provider-2 ingress -> app "provider-2" (later)
 * </pre>
 *
 * <p>Sidecars hold their config from the control plane, which keeps its registry view while etcd is
 * away, so no request may fail. Registry sessions keep their publications across the outage (the
 * control plane runs with {@code --session-ttl 3s}, shorter than the outage), and a change made
 * afterwards must reach the consumer: the time it takes is printed.
 */
class EtcdFailuresIT {
  static final String SERVICE = "ledger.weft";

  private static final Duration SESSION_TTL = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration BEFORE = Duration.ofSeconds(2);
  private static final int CLIENT_THREADS = 4;

  private EtcdCluster etcd;
  private ControlPlaneFixture mesh;
  private HttpPod one;
  private HttpPod two;
  private int consumerAdmin;
  private int consumerEgress;
  private HttpLoad load;
  private ReadyWatch ready;

  @AfterEach
  void stopAll() throws Exception {
    if (ready != null) {
      ready.close();
    }
    if (load != null) {
      load.close();
    }
    try {
      if (mesh != null) {
        mesh.close();
      }
    } finally {
      if (etcd != null) {
        etcd.close();
      }
    }
  }

  @Test
  void aRestartedEtcdFailsNoRequestKeepsTheRegistrationsAndTakesTheNextChange() throws Exception {
    startMesh(1);
    EtcdMember member = etcd.member(0);

    // etcd crashes and stays down for longer than a session TTL, under load.
    ready = new ReadyWatch(mesh);
    long killed = System.nanoTime();
    member.kill();
    long okAtKill = load.ok();
    Duration outage = SESSION_TTL.plusSeconds(2);
    await("requests are answered while etcd is down for " + outage)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() - killed >= outage.toNanos() && load.ok() > okAtKill);
    long okWhileDown = load.ok() - okAtKill;
    member.start();
    long restarted = System.nanoTime();
    ready.close();

    Duration propagation = publishProviderTwo();
    // The registrations made before the outage are still there a TTL after it: provider-1's
    // session kept (or re-wrote) its publication in etcd.
    await("the load runs a session TTL past the restart")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() - restarted >= SESSION_TTL.plusSeconds(1).toNanos());
    long checked = System.nanoTime();
    await("provider-1 answers a request started a TTL after the restart")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> load.lastStarted(one.name) > checked);
    load.stop();

    String report =
        String.format(
            "etcd down %d ms (control plane while down: %s; %d requests answered while"
                + " down); provider-2's publish after the restart reached consumer-1 in %d ms;"
                + " %s",
            Duration.ofNanos(restarted - killed).toMillis(),
            ready,
            okWhileDown,
            propagation.toMillis(),
            load.summary());
    System.out.println("EtcdFailuresIT restart: " + report);
    assertThat(load.failures()).as(report).isEmpty();
    assertThat(okWhileDown).as(report).isPositive();
    assertConsumerHosts(List.of(one.endpoint(), two.endpoint()), report);
    assertThat(mesh.services(SERVICE)).contains(one.endpoint(), two.endpoint());
    assertThat(mesh.ready()).as("the control plane is ready after the restart").isTrue();
  }

  @Test
  void losingTheEtcdLeaderFailsNoRequestAndTheControlPlaneStaysReady() throws Exception {
    startMesh(3);
    EtcdMember leader = etcd.leader();
    ready = new ReadyWatch(mesh);

    long killed = System.nanoTime();
    leader.kill();
    EtcdMember newLeader = etcd.leader();
    long elected = System.nanoTime();

    Duration propagation = publishProviderTwo();
    long sinceKill = Duration.ofNanos(System.nanoTime() - killed).toMillis();
    await("the load runs for 3 s after the leader's loss")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() - killed >= Duration.ofSeconds(3).toNanos());
    ready.close();
    load.stop();

    String report =
        String.format(
            "leader %s killed, %s elected after %d ms; provider-2's publish reached consumer-1 in"
                + " %d ms (%d ms after the kill); control plane %s; %s",
            leader.name(),
            newLeader.name(),
            Duration.ofNanos(elected - killed).toMillis(),
            propagation.toMillis(),
            sinceKill,
            ready,
            load.summary());
    System.out.println("EtcdFailuresIT leader: " + report);
    assertThat(newLeader).isNotSameAs(leader);
    assertThat(load.failures()).as(report).isEmpty();
    assertThat(ready.checks()).as(report).isGreaterThan(10);
    assertThat(ready.notReady()).as(report).isZero();
    assertConsumerHosts(List.of(one.endpoint(), two.endpoint()), report);
    assertThat(mesh.services(SERVICE)).contains(one.endpoint(), two.endpoint());
  }

  /**
   * etcd with {@code members} members, the control plane given every member, provider-1 publishing,
   * provider-2 up but not publishing, the consumer with provider-1, and the load running on
   * provider-1 for {@link #BEFORE}.
   */
  private void startMesh(int members) {
    etcd = EtcdCluster.start(members);
    mesh =
        ControlPlaneFixture.start(etcd.endpoints(), "--session-ttl", SESSION_TTL.toSeconds() + "s");
    TwoProviders pods = TwoProviders.start(mesh, SERVICE, false);
    one = pods.one();
    two = pods.two();
    consumerAdmin = pods.consumerAdmin();
    consumerEgress = pods.consumerEgress();
    ControlPlaneFixture.awaitClusterHosts(consumerAdmin, SERVICE, List.of(one.endpoint()), WAIT);

    load = HttpLoad.start(consumerEgress, SERVICE, CLIENT_THREADS);
    long loadStart = System.nanoTime();
    await("provider-1 answers under load for " + BEFORE)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> load.answered(one.name) > 0 && System.nanoTime() - loadStart >= BEFORE.toNanos());
  }

  /**
   * provider-2's app publishes the service through its sidecar's agent; returns how long until the
   * consumer's cluster has it, once provider-2 also answers requests started after that.
   */
  private Duration publishProviderTwo() throws Exception {
    long published = System.nanoTime();
    two.publish(SERVICE);
    long arrived =
        ControlPlaneFixture.awaitClusterHosts(
            consumerAdmin, SERVICE, List.of(one.endpoint(), two.endpoint()), WAIT);
    await("provider-2 answers requests")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> load.lastStarted(two.name) > arrived);
    return Duration.ofNanos(arrived - published);
  }

  /** Checks the control plane's {@code /ready} every 100 ms until closed. */
  private static final class ReadyWatch implements AutoCloseable {
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong notReady = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    ReadyWatch(ControlPlaneFixture mesh) {
      timer.scheduleWithFixedDelay(
          () -> {
            if (!mesh.ready()) {
              notReady.incrementAndGet();
            }
            checks.incrementAndGet();
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
    }

    long checks() {
      return checks.get();
    }

    long notReady() {
      return notReady.get();
    }

    @Override
    public void close() throws InterruptedException {
      timer.shutdown();
      timer.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
      return "/ready not 200 in " + notReady + " of " + checks + " checks";
    }
  }

  private void assertConsumerHosts(List<String> expected, String report) throws Exception {
    assertThat(ControlPlaneFixture.clusterHosts(consumerAdmin, SERVICE))
        .as(report)
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
