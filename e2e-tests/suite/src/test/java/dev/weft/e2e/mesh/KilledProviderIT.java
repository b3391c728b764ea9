package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.process.ChildProcess;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider killed with {@code kill -9} under load, with nothing said to the registry. Two
 * provider pods (an {@link HttpEchoApp} JVM and its sidecar, publishing {@code http:SERVICE}), one
 * consumer sidecar, 4 client threads:
 *
 * <pre>
 * 4 client threads -> consumer-1 egress_http -> provider-1 ingress -> app "provider-1"
 *                                            -> provider-2 ingress -> app "provider-2"
 * </pre>
 *
 * <p>What bounds the failures, by design: the control plane configures no retry policy and no
 * outlier detection (docs/xds-mapping.md), so the consumer sidecar retries only connect failures
 * (three times, on another host when there is one, as MOSN) and passes every answer on. An
 * upstream's 503 is answered, not retried.
 *
 * <ul>
 *   <li>The app alone killed: provider-1's sidecar still accepts, cannot reach its app and answers
 *       503 for every request it gets, until its agent's app probe (every 3 s, withdraw after 10 s
 *       unanswered, docs/mesh-agent.md) withdraws the publication and the consumer's EDS drops it.
 *       Failures are the requests routed to provider-1 in that window, and none after it.
 *   <li>The whole pod killed (its sidecar, then its app): new connections to provider-1 are
 *       refused, which the consumer sidecar retries on provider-2, so only requests already on a
 *       connection to provider-1 fail, at most one per connection. An HTTP/1 pool opens a
 *       connection only for a request that finds none idle, so there are at most as many as client
 *       threads. The publication goes when the sidecar's registry session expires, one TTL after
 *       its last renewal (renewed every TTL/3): the control plane runs with {@code --session-ttl
 *       3s}.
 * </ul>
 *
 * <p>Either way the client gets a 503 whose body names the cause, the cluster and the host, and the
 * consumer sidecar's {@code /api/v1/stats} counts each failure.
 */
class KilledProviderIT {
  static final String SERVICE = "payments.weft";

  private static final Duration SESSION_TTL = Duration.ofSeconds(3);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(3);
  private static final Duration PROBE_GRACE = Duration.ofSeconds(10);

  /**
   * Registry, control plane and EDS push after a withdrawal: measured at about 0.5 s, allowed much
   * more for a busy 2-core machine.
   */
  private static final Duration PROPAGATION = Duration.ofSeconds(8);

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration BEFORE = Duration.ofSeconds(2);
  private static final Duration AFTER = Duration.ofSeconds(2);
  private static final int CLIENT_THREADS = 4;
  private static final Pattern WITHDREW =
      Pattern.compile("withdrew its 1 http service\\(s\\) from the registry");

  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleNode();

  private ControlPlaneFixture mesh;
  private HttpPod one;
  private HttpPod two;
  private int consumerAdmin;
  private int consumerEgress;
  private HttpLoad load;

  @BeforeEach
  void startMesh() {
    mesh =
        ControlPlaneFixture.start(ETCD.endpoints(), "--session-ttl", SESSION_TTL.toSeconds() + "s");
    int[] ports = FreePorts.distinct("127.0.0.1", 10);
    consumerAdmin = ports[8];
    consumerEgress = ports[9];
    CompletableFuture<HttpPod> provider1 =
        CompletableFuture.supplyAsync(
            () ->
                HttpPod.start(
                    mesh,
                    "provider-1",
                    Arrays.copyOfRange(ports, 0, 4),
                    "--publish",
                    "http:" + SERVICE));
    CompletableFuture<HttpPod> provider2 =
        CompletableFuture.supplyAsync(
            () ->
                HttpPod.start(
                    mesh,
                    "provider-2",
                    Arrays.copyOfRange(ports, 4, 8),
                    "--publish",
                    "http:" + SERVICE));
    CompletableFuture<ChildProcess> consumer =
        CompletableFuture.supplyAsync(
            () ->
                mesh.sidecar(
                    "consumer-1",
                    consumerAdmin,
                    "--egress-port",
                    "http=" + consumerEgress,
                    "--subscribe",
                    "http:" + SERVICE));
    CompletableFuture.allOf(provider1, provider2, consumer).join();
    one = provider1.join();
    two = provider2.join();
    ControlPlaneFixture.awaitClusterHosts(
        consumerAdmin, SERVICE, List.of(one.endpoint(), two.endpoint()), WAIT);
  }

  @AfterEach
  void stopMesh() throws Exception {
    if (load != null) {
      load.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aKilledProviderAppFailsOnlyTheRequestsSentToItUntilItsProbeWithdrawsIt() throws Exception {
    SidecarStats ingressBefore = SidecarStats.listener(one.admin, "ingress_http_" + one.ingress);
    Run run = runUnderLoad(one::killApp);

    // The window is the probe's: the first unanswered probe comes at most one interval after the
    // kill, and the withdrawal at the first probe at least the grace after that.
    long probeBound =
        PROBE_INTERVAL.toMillis()
            + (PROBE_GRACE.toMillis() + PROBE_INTERVAL.toMillis() - 1)
                / PROBE_INTERVAL.toMillis()
                * PROBE_INTERVAL.toMillis();
    assertThat(run.windowMillis())
        .as(run.report())
        .isGreaterThanOrEqualTo(PROBE_GRACE.toMillis())
        .isLessThanOrEqualTo(probeBound + PROPAGATION.toMillis());
    assertThat(one.sidecar().hasPrinted(WITHDREW)).as(one.sidecar().tail(30)).isTrue();
    assertThat(one.sidecar().isAlive()).isTrue();

    // Requests routed to provider-1 in the window failed, with provider-1's sidecar's own answer.
    assertThat(run.failures).as(run.report()).isNotEmpty();
    String cause =
        "upstream connect error or disconnect/reset before headers: connection_failure"
            + " (cluster 'ingress_http_app', host 127.0.0.1:"
            + one.appPort
            + ")\n";
    for (HttpLoad.Failure failure : run.failures) {
      assertThat(failure.status()).as(run.report()).isEqualTo(503);
      // A request the app had when it died is cut off (connection_termination); later ones
      // cannot connect.
      assertThat(failure.answer())
          .as(run.report())
          .isIn(cause, cause.replace("connection_failure", "connection_termination"));
    }
    run.assertFailuresOnlyInTheWindow();

    // provider-1's sidecar answered exactly those 503s; the consumer sidecar counts them as
    // failed responses of the cluster and 503s of its listener.
    SidecarStats ingress = SidecarStats.listener(one.admin, "ingress_http_" + one.ingress);
    assertThat(ingress.since(ingressBefore, "request_503_total"))
        .as(run.report())
        .isEqualTo(run.failures.size());
    assertThat(SidecarStats.cluster(one.admin, "ingress_http_app").get("connection_con_fail"))
        .isPositive();
    assertThat(run.clusterGrew("response_failed")).as(run.report()).isEqualTo(run.failures.size());
  }

  @Test
  void aKilledProviderPodFailsAtMostTheRequestsInFlightToIt() throws Exception {
    Run run = runUnderLoad(one::killPod);

    // The session expires one TTL after its last renewal (renewed every TTL/3).
    assertThat(run.windowMillis())
        .as(run.report())
        .isGreaterThanOrEqualTo(SESSION_TTL.toMillis() * 2 / 3 - 500)
        .isLessThanOrEqualTo(SESSION_TTL.toMillis() + PROPAGATION.toMillis());

    assertThat(run.failures).as(run.report()).hasSizeLessThanOrEqualTo(CLIENT_THREADS);
    for (HttpLoad.Failure failure : run.failures) {
      assertThat(failure.status()).as(run.report()).isEqualTo(503);
      assertThat(failure.answer())
          .as(run.report())
          .startsWith("upstream connect error or disconnect/reset before headers: ")
          .endsWith(" (cluster '" + SERVICE + "', host " + one.endpoint() + ")\n");
    }
    run.assertFailuresOnlyInTheWindow();

    // The refused connections were counted and retried on provider-2; the requests cut off
    // count as failed responses.
    assertThat(run.clusterGrew("connection_con_fail")).as(run.report()).isPositive();
    assertThat(run.clusterGrew("request_retry"))
        .as(run.report())
        .isGreaterThanOrEqualTo(run.clusterGrew("connection_con_fail"));
    assertThat(run.clusterGrew("response_failed")).as(run.report()).isEqualTo(run.failures.size());
    assertThat(mesh.services(SERVICE)).contains(two.endpoint()).doesNotContain(one.endpoint());
  }

  /**
   * Load on both providers for {@link #BEFORE}, {@code kill}, then load until the consumer's
   * cluster has only provider-2 and for {@link #AFTER} more; checks what holds in both cases.
   */
  private Run runUnderLoad(Runnable kill) throws Exception {
    SidecarStats listenerBefore = SidecarStats.listener(consumerAdmin, "egress_http");
    SidecarStats clusterBefore = SidecarStats.cluster(consumerAdmin, SERVICE);
    load = HttpLoad.start(consumerEgress, SERVICE, CLIENT_THREADS);
    long loadStart = System.nanoTime();
    await("both providers answer under load for " + BEFORE)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                load.answered(one.name) > 0
                    && load.answered(two.name) > 0
                    && System.nanoTime() - loadStart >= BEFORE.toNanos());
    assertThat(load.failures()).as(load.summary()).isEmpty();

    long killed = System.nanoTime();
    kill.run();
    long edsApplied =
        ControlPlaneFixture.awaitClusterHosts(
            consumerAdmin, SERVICE, List.of(two.endpoint()), WAIT);
    await("provider-2 answers requests started after the EDS update, for " + AFTER)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                load.lastStarted(two.name) > edsApplied
                    && System.nanoTime() - edsApplied >= AFTER.toNanos());
    load.stop();

    Run run =
        new Run(
            killed,
            edsApplied,
            load.failures(),
            load.summary(),
            clusterBefore,
            SidecarStats.cluster(consumerAdmin, SERVICE));
    System.out.println("KilledProviderIT: " + run.report());

    // The consumer sidecar counted every request, and every 503 the clients got.
    await("consumer-1's egress_http stats have every request, ended")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              SidecarStats now = SidecarStats.listener(consumerAdmin, "egress_http");
              return now.since(listenerBefore, "request_total") == load.requests()
                  && now.get("request_active") == 0;
            });
    SidecarStats listener = SidecarStats.listener(consumerAdmin, "egress_http");
    assertThat(listener.since(listenerBefore, "request_503_total"))
        .as(run.report())
        .isEqualTo(run.failures.size());
    assertThat(listener.since(listenerBefore, "request_200_total"))
        .as(run.report())
        .isEqualTo(load.ok());
    // Traffic went on to provider-2 throughout.
    assertThat(load.lastStarted(two.name)).isGreaterThan(edsApplied);
    assertThat(load.lastStarted(one.name)).as(run.report()).isLessThan(edsApplied);
    return run;
  }

  /** What one run saw: the consumer's cluster stats before and after, and the load's failures. */
  private record Run(
      long killed,
      long edsApplied,
      List<HttpLoad.Failure> failures,
      String loadSummary,
      SidecarStats clusterBefore,
      SidecarStats cluster) {

    long clusterGrew(String counter) {
      return cluster.since(clusterBefore, counter);
    }

    long windowMillis() {
      return Duration.ofNanos(edsApplied - killed).toMillis();
    }

    String report() {
      return String.format(
          "kill -> consumer EDS without provider-1: %d ms; %s; consumer cluster stats %s",
          windowMillis(), loadSummary, cluster.counters());
    }

    /** Every failure ended after the kill and started before the consumer's EDS dropped it. */
    void assertFailuresOnlyInTheWindow() {
      for (HttpLoad.Failure failure : failures) {
        assertThat(failure.endedNanos()).as(report()).isGreaterThan(killed);
        assertThat(failure.startedNanos()).as(report()).isLessThan(edsApplied);
      }
    }
  }
}
