package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
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
 * <p>What bounds the failures, by design: the control plane gives every HTTP egress virtual host
 * Istio's default retry policy (docs/xds-mapping.md): a connect failure, a refused stream or a 503
 * is retried twice, never on a host already tried. It configures no outlier detection.
 *
 * <ul>
 *   <li>The app alone killed: provider-1's sidecar still accepts, cannot reach its app and answers
 *       503 for every request it gets, until its agent's app probe (every 3 s, withdraw after 10 s
 *       unanswered, docs/mesh-agent.md) withdraws the publication and the consumer's EDS drops it.
 *       The consumer sidecar retries each of those 503s on provider-2, so no client request fails;
 *       each 503 is counted as a failed response and a retry.
 *   <li>The whole pod killed (its sidecar, then its app): new connections to provider-1 are
 *       refused, and requests already on a connection to provider-1 are cut off (at most one per
 *       connection; an HTTP/1 pool opens a connection only for a request that finds none idle, so
 *       there are at most as many as client threads). The consumer sidecar retries both on
 *       provider-2 (Weft retries resets whenever a policy retries statuses), unless the answer had
 *       already started: that one reaches its client cut off. The publication goes when the
 *       sidecar's registry session expires, one TTL after its last renewal (renewed every TTL/3):
 *       the control plane runs with {@code --session-ttl 3s}.
 * </ul>
 *
 * <p>The consumer sidecar's {@code /api/v1/stats} count every request, retry and failed response.
 * (What a client gets when a retry cannot help, a 503 naming the cause, the cluster and the host,
 * is ConsumerBeforeProviderIT's and the data plane's tests' subject.)
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
    TwoProviders pods = TwoProviders.start(mesh, SERVICE, true);
    one = pods.one();
    two = pods.two();
    consumerAdmin = pods.consumerAdmin();
    consumerEgress = pods.consumerEgress();
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
  void aKilledProviderAppFailsNoRequestBecauseItsSidecars503sAreRetriedElsewhere()
      throws Exception {
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

    // provider-1's sidecar answered 503 to every request it got in the window, and the consumer
    // sidecar retried each one on provider-2: no client request failed.
    assertThat(run.failures).as(run.report()).isEmpty();
    SidecarStats ingress = SidecarStats.listener(one.admin, "ingress_http_" + one.ingress);
    long answered503 = ingress.since(ingressBefore, "request_503_total");
    assertThat(answered503).as(run.report()).isPositive();
    assertThat(SidecarStats.cluster(one.admin, "ingress_http_app").get("connection_con_fail"))
        .isPositive();
    // (A connection that failed to open, if any on a busy machine, was retried too.)
    assertThat(run.clusterGrew("request_retry"))
        .as(run.report())
        .isEqualTo(answered503 + run.clusterGrew("connection_con_fail"));
    assertThat(run.clusterGrew("response_failed")).as(run.report()).isEqualTo(answered503);
  }

  @Test
  void aKilledProviderPodFailsOnlyAnswersAlreadyUnderWay() throws Exception {
    Run run = runUnderLoad(one::killPod);

    // The session expires one TTL after its last renewal (renewed every TTL/3).
    assertThat(run.windowMillis())
        .as(run.report())
        .isGreaterThanOrEqualTo(SESSION_TTL.toMillis() * 2 / 3 - 500)
        .isLessThanOrEqualTo(SESSION_TTL.toMillis() + PROPAGATION.toMillis());

    // Refused connections and requests cut off before their answer started were retried on
    // provider-2; an answer already started when provider-1 went away cannot be, and reaches its
    // client cut off. Each cut-off request counts as a failed response.
    long resets = run.clusterGrew("request_remote_reset");
    assertThat(resets).as(run.report()).isLessThanOrEqualTo(CLIENT_THREADS);
    assertThat(run.failures).as(run.report()).hasSizeLessThanOrEqualTo((int) resets);
    for (HttpLoad.Failure failure : run.failures) {
      assertThat(failure.status()).as(run.report()).isNegative();
      assertThat(failure.answer()).as(run.report()).contains("bytes received");
    }
    run.assertFailuresOnlyInTheWindow();
    assertThat(run.clusterGrew("connection_con_fail")).as(run.report()).isPositive();
    assertThat(run.clusterGrew("request_retry"))
        .as(run.report())
        .isEqualTo(run.clusterGrew("connection_con_fail") + resets - run.failures.size());
    assertThat(run.clusterGrew("response_failed")).as(run.report()).isEqualTo(resets);
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

    // The consumer sidecar counted every request: every 503 the clients got, and as a 200 every
    // answer it had started when provider-1 went away (the client sees it cut off).
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
    long answered503 = run.failures.stream().filter(f -> f.status() == 503).count();
    long cutOff = run.failures.stream().filter(f -> f.status() < 0).count();
    assertThat(answered503 + cutOff).as(run.report()).isEqualTo(run.failures.size());
    assertThat(listener.since(listenerBefore, "request_503_total"))
        .as(run.report())
        .isEqualTo(answered503);
    assertThat(listener.since(listenerBefore, "request_200_total"))
        .as(run.report())
        .isEqualTo(load.ok() + cutOff);
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
