package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider's app withdraws its publication gracefully ({@code POST /services/unpublish} to its
 * sidecar's agent) while a consumer sidecar is under continuous load; the app and its sidecar stay
 * up. No request may fail: the consumer's sidecar stops sending new requests to the withdrawn
 * endpoint once the control plane's EDS update arrives, and what was already on its way there is
 * answered.
 *
 * <pre>
 * 4 client threads -> consumer-1 egress_http -> provider-1 ingress -> app "provider-1"
 *                                            -> provider-2 ingress -> app "provider-2"
 * </pre>
 */
class GracefulDeregistrationIT {
  static final String SERVICE = "orders.weft";

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration BEFORE = Duration.ofSeconds(3);
  private static final Duration AFTER = Duration.ofSeconds(5);
  private static final int CLIENT_THREADS = 4;

  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleNode();

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

  @Test
  void aProviderWithdrawnGracefullyUnderLoadLosesNoRequest() throws Exception {
    mesh = ControlPlaneFixture.start(ETCD.endpoints());
    TwoProviders pods = TwoProviders.start(mesh, SERVICE, true);
    HttpPod one = pods.one();
    HttpPod two = pods.two();
    int consumerAdmin = pods.consumerAdmin();
    int consumerEgress = pods.consumerEgress();

    ControlPlaneFixture.awaitClusterHosts(
        consumerAdmin, SERVICE, List.of(one.endpoint(), two.endpoint()), WAIT);

    load = HttpLoad.start(consumerEgress, SERVICE, CLIENT_THREADS);
    long loadStart = System.nanoTime();

    // Both providers answer, for at least BEFORE.
    await("both providers answer under load for " + BEFORE)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                load.answered(one.name) > 0
                    && load.answered(two.name) > 0
                    && System.nanoTime() - loadStart >= BEFORE.toNanos());
    long beforeOne = load.answered(one.name);
    long beforeTwo = load.answered(two.name);
    long beforeFailures = load.failures().size();

    // provider-1's app withdraws its publication; the app and its sidecar stay up.
    long unpublished = System.nanoTime();
    one.unpublish(SERVICE);

    // Within a few seconds the consumer's sidecar has only provider-2 ...
    long edsApplied =
        ControlPlaneFixture.awaitClusterHosts(
            consumerAdmin, SERVICE, List.of(two.endpoint()), Duration.ofSeconds(5));
    // ... and every request started since is answered by provider-2.
    await("provider-2 answers requests started after the EDS update")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> load.lastStarted(two.name) > edsApplied);
    await("the load runs for " + AFTER + " after the unpublish")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> System.nanoTime() - unpublished >= AFTER.toNanos());
    load.stop();

    String summary =
        String.format(
            "%d answered before the unpublish (provider-1 %d, provider-2 %d, %d failures then);"
                + " EDS update %d ms after the unpublish; in all: %s",
            beforeOne + beforeTwo,
            beforeOne,
            beforeTwo,
            beforeFailures,
            Duration.ofNanos(edsApplied - unpublished).toMillis(),
            load.summary());
    System.out.println("GracefulDeregistrationIT: " + summary);

    assertThat(load.failures()).as(summary).isEmpty();
    assertThat(load.lastStarted(one.name))
        .as("no request started after the EDS update reaches provider-1: " + summary)
        .isLessThan(edsApplied);
    assertThat(load.answered(two.name)).as(summary).isGreaterThan(beforeTwo);

    // The registry no longer lists provider-1's endpoint; provider-2's is still there.
    assertThat(mesh.services(SERVICE)).contains(two.endpoint()).doesNotContain(one.endpoint());
    // provider-1's sidecar and app are still up.
    assertThat(one.sidecar().isAlive()).as(one.sidecar().tail(30)).isTrue();
    assertThat(one.app().isAlive()).isTrue();
  }
}
