package dev.weft.controlplane;

import static dev.weft.controlplane.fixtures.AdsStream.ack;
import static dev.weft.controlplane.fixtures.AdsStream.nack;
import static dev.weft.controlplane.fixtures.AdsStream.names;
import static dev.weft.controlplane.fixtures.AdsStream.request;
import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.controlplane.fixtures.AdsStream;
import dev.weft.controlplane.fixtures.AdsStream.NodeMode;
import dev.weft.controlplane.fixtures.RegistryPublisher;
import dev.weft.controlplane.xds.StreamStatus;
import dev.weft.controlplane.xds.TypeStatus;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.Subscription;
import dev.weft.registry.store.memory.MemoryStore;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ADS server's side of the SotW protocol (xds-notes.md section 1), on raw streams: stale
 * nonces, ACKs, unsubscribing, NACKs, deletions and a node sent only once. Nothing listens at the
 * published ports; only the resources matter here.
 */
class AdsProtocolTest {
  private static final String ZONE = "zone-a";
  private static final String ALPHA = "dev.weft.test.Alpha:1.0";
  private static final String BETA = "dev.weft.test.Beta:1.0";
  private static final String GAMMA = "dev.weft.test.Gamma:1.0";

  /** How long "no response" is watched for: well past the debounce (50 ms quiet, 1 s at most). */
  private static final Duration SILENCE = Duration.ofSeconds(1);

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private ControlPlane controlPlane;
  private RegistryPublisher publisher;

  @BeforeEach
  void start() throws Exception {
    controlPlane =
        ControlPlane.start(ControlPlaneSettings.loopback(new MemoryStore(Duration.ofSeconds(5))));
    publisher = new RegistryPublisher(controlPlane.registryPort(), "providers", ZONE);
  }

  @AfterEach
  void stop() throws Exception {
    while (!closeables.isEmpty()) {
      closeables.pop().close();
    }
    publisher.close();
    controlPlane.close();
  }

  private AdsStream stream(String nodeId, NodeMode mode) {
    AdsStream stream = new AdsStream(controlPlane.xdsPort(), AdsStream.node(nodeId, ZONE), mode);
    closeables.push(stream);
    return stream;
  }

  @Test
  void aRequestWithAStaleNonceIsIgnored() {
    publisher.publish(ALPHA, 20001);
    publisher.publish(BETA, 20011);
    AdsStream ads = stream("stale-nonce", NodeMode.EVERY_REQUEST);
    DiscoveryResponse first = ads.exchange(request(ENDPOINT_TYPE_URL, ALPHA));
    assertThat(names(first)).containsExactly(ALPHA);
    ads.send(ack(first, ALPHA));

    publisher.publish(ALPHA, 20001, 20002);
    DiscoveryResponse second = ads.await(ENDPOINT_TYPE_URL); // not answered: its nonce is latest
    assertThat(endpointCount(second, ALPHA)).isEqualTo(2);
    assertThat(second.getNonce()).isNotEqualTo(first.getNonce());

    // A new subscription, but answering the first response: the server must not act on it.
    ads.send(
        request(ENDPOINT_TYPE_URL, ALPHA, BETA)
            .setVersionInfo(first.getVersionInfo())
            .setResponseNonce(first.getNonce()));
    ads.assertNoResponse(ENDPOINT_TYPE_URL, SILENCE);

    // The same request with the latest nonce is answered.
    DiscoveryResponse both =
        ads.exchange(
            request(ENDPOINT_TYPE_URL, ALPHA, BETA)
                .setVersionInfo(second.getVersionInfo())
                .setResponseNonce(second.getNonce()));
    // EDS responses may carry only what the client lacks: it already holds ALPHA's latest.
    assertThat(names(both)).containsExactly(BETA);
  }

  @Test
  void anAckGetsNoResponse() {
    publisher.publish(ALPHA, 20001);
    AdsStream ads = stream("acker", NodeMode.EVERY_REQUEST);
    for (String type :
        List.of(LISTENER_TYPE_URL, ROUTE_TYPE_URL, CLUSTER_TYPE_URL, ENDPOINT_TYPE_URL)) {
      DiscoveryResponse response = ads.exchange(request(type, ALPHA));
      assertThat(names(response)).as(type).containsExactly(ALPHA);
      assertThat(response.getVersionInfo()).as(type).isNotEmpty();
      ads.send(ack(response, ALPHA));
    }
    ads.assertNoResponse(SILENCE);
  }

  @Test
  void unsubscribingNarrowsTheAnswersAndAnEmptyListIsNotAWildcard() {
    publisher.publish(ALPHA, 20001);
    publisher.publish(BETA, 20011);
    AdsStream ads = stream("unsubscriber", NodeMode.EVERY_REQUEST);

    // EDS: from {alpha, beta} to {alpha}: beta's changes no longer come, alpha's do.
    DiscoveryResponse both = ads.exchange(request(ENDPOINT_TYPE_URL, ALPHA, BETA));
    assertThat(names(both)).containsExactlyInAnyOrder(ALPHA, BETA);
    changeSubscription(ads, "unsubscriber", both, ALPHA);
    publisher.publish(BETA, 20011, 20012);
    assertEveryResponseFor(ads, ENDPOINT_TYPE_URL, SILENCE, List.of(ALPHA));
    publisher.publish(ALPHA, 20001, 20002);
    DiscoveryResponse alpha =
        awaitAcking(ads, ENDPOINT_TYPE_URL, List.of(ALPHA), r -> endpointCount(r, ALPHA) == 2);
    assertThat(names(alpha)).containsExactly(ALPHA);

    // EDS: from {alpha} to nothing: no load assignment comes any more.
    changeSubscription(ads, "unsubscriber", alpha);
    publisher.publish(ALPHA, 20001, 20002, 20003);
    publisher.publish(GAMMA, 20021);
    assertEveryResponseFor(ads, ENDPOINT_TYPE_URL, SILENCE, List.of());

    // CDS, which has a wildcard: an empty list after names unsubscribes, it does not ask for all.
    DiscoveryResponse cluster = ads.exchange(request(CLUSTER_TYPE_URL, ALPHA));
    assertThat(names(cluster)).containsExactly(ALPHA);
    changeSubscription(ads, "unsubscriber", cluster);
    publisher.publish("dev.weft.test.Delta:1.0", 20031);
    assertEveryResponseFor(ads, CLUSTER_TYPE_URL, SILENCE, List.of());
    assertThat(typeStatus("unsubscriber", CLUSTER_TYPE_URL))
        .hasValueSatisfying(t -> assertThat(t.wildcard()).as("CDS wildcard").isFalse());
  }

  /**
   * Asks for {@code names} of {@code latest}'s type instead, answering {@code latest}, and waits
   * until the server holds the new subscription (its admin view shows the names). A push that
   * crosses the request makes the server ignore it (its nonce is no longer the latest); like a real
   * client, the request is then repeated with the pushed response's nonce.
   */
  private void changeSubscription(
      AdsStream ads, String nodeId, DiscoveryResponse latest, String... names) {
    String type = latest.getTypeUrl();
    ads.send(ack(latest, names));
    await()
        .atMost(AdsStream.WAIT)
        .until(
            () -> {
              ads.poll(r -> r.getTypeUrl().equals(type), Duration.ZERO)
                  .ifPresent(crossing -> ads.send(ack(crossing, names)));
              return typeStatus(nodeId, type)
                  .map(t -> t.names().equals(Set.of(names)))
                  .orElse(false);
            });
  }

  @Test
  void aNackIsRecordedAndTheRejectedVersionIsNotSentAgain() {
    publisher.publish(ALPHA, 20001);
    AdsStream ads = stream("nacker", NodeMode.EVERY_REQUEST);
    DiscoveryResponse accepted = ads.exchange(request(ENDPOINT_TYPE_URL, ALPHA));
    ads.send(ack(accepted, ALPHA));

    publisher.publish(ALPHA, 20001, 20002);
    DiscoveryResponse rejected = ads.await(ENDPOINT_TYPE_URL);
    assertThat(endpointCount(rejected, ALPHA)).isEqualTo(2);
    ads.send(nack(rejected, accepted.getVersionInfo(), "rejected by the test", ALPHA));
    ads.assertNoResponse(ENDPOINT_TYPE_URL, SILENCE);

    await()
        .atMost(AdsStream.WAIT)
        .untilAsserted(
            () ->
                assertThat(typeStatus("nacker", ENDPOINT_TYPE_URL))
                    .hasValueSatisfying(
                        t -> {
                          assertThat(t.nackedVersion()).isEqualTo(rejected.getVersionInfo());
                          assertThat(t.nackError()).contains("rejected by the test");
                        }));
    assertThat(controlPlane.xds().stats().nacks()).isPositive();

    // A later change is a new version, and is sent.
    publisher.publish(ALPHA, 20001, 20002, 20003);
    DiscoveryResponse next = ads.await(ENDPOINT_TYPE_URL);
    assertThat(next.getVersionInfo()).isNotEqualTo(rejected.getVersionInfo());
    assertThat(endpointCount(next, ALPHA)).isEqualTo(3);
  }

  @Test
  void aDeletedClusterDoesNotStallTheOthers() {
    publisher.publish(ALPHA, 20001);
    publisher.publish(BETA, 20011);
    AdsStream ads = stream("deleter", NodeMode.EVERY_REQUEST);
    DiscoveryResponse clusters = ads.exchange(request(CLUSTER_TYPE_URL, ALPHA, BETA));
    assertThat(names(clusters)).containsExactlyInAnyOrder(ALPHA, BETA);
    ads.send(ack(clusters, ALPHA, BETA));
    DiscoveryResponse endpoints = ads.exchange(request(ENDPOINT_TYPE_URL, ALPHA, BETA));
    assertThat(names(endpoints)).containsExactlyInAnyOrder(ALPHA, BETA);
    ads.send(ack(endpoints, ALPHA, BETA));

    publisher.unpublish(BETA, 20011);
    DiscoveryResponse remaining =
        awaitAcking(
            ads, CLUSTER_TYPE_URL, List.of(ALPHA, BETA), r -> names(r).equals(List.of(ALPHA)));
    assertThat(names(remaining)).containsExactly(ALPHA);

    // Alpha's endpoints still follow the registry.
    publisher.publish(ALPHA, 20001, 20002);
    awaitAcking(ads, ENDPOINT_TYPE_URL, List.of(ALPHA, BETA), r -> endpointCount(r, ALPHA) == 2);
  }

  @Test
  void aNodeSentOnlyOnTheFirstRequestStaysTheStreamsNode() {
    publisher.publish(ALPHA, 20001);
    RegistryPublisher sidecar =
        new RegistryPublisher(controlPlane.registryPort(), "sidecar-1", ZONE, "sidecar-1");
    closeables.push(sidecar);
    sidecar.subscribe(ALPHA);
    await()
        .atMost(AdsStream.WAIT)
        .until(
            () -> controlPlane.registry().sessions().node("sidecar-1"),
            n ->
                n.isPresent()
                    && n.get()
                        .subscriptions()
                        .contains(new Subscription(ServiceId.of(ALPHA), false)));

    AdsStream ads = stream("sidecar-1", NodeMode.FIRST_REQUEST_ONLY);
    DiscoveryResponse listeners = ads.exchange(request(LISTENER_TYPE_URL));
    ads.send(ack(listeners));
    DiscoveryResponse clusters = ads.exchange(request(CLUSTER_TYPE_URL));
    assertThat(ads.sent()).extracting(r -> r.hasNode()).containsExactly(true, false, false);
    assertThat(names(clusters)).contains(ALPHA);
    ads.send(ack(clusters));
    DiscoveryResponse endpoints = ads.exchange(request(ENDPOINT_TYPE_URL, ALPHA));
    assertThat(endpointCount(endpoints, ALPHA)).isEqualTo(1);

    // Another node, without that subscription, gets no such cluster from a wildcard.
    AdsStream stranger = stream("stranger", NodeMode.EVERY_REQUEST);
    assertThat(names(stranger.exchange(request(CLUSTER_TYPE_URL)))).doesNotContain(ALPHA);
    assertThat(controlPlane.xds().streams())
        .extracting(StreamStatus::nodeId)
        .containsExactlyInAnyOrder("sidecar-1", "stranger");
  }

  /**
   * Takes responses of {@code type}, ACKing each with {@code names} so that the server may send the
   * next, until one satisfies {@code condition}.
   */
  private static DiscoveryResponse awaitAcking(
      AdsStream ads, String type, List<String> names, Predicate<DiscoveryResponse> condition) {
    long deadline = System.nanoTime() + AdsStream.WAIT.toNanos();
    List<String> seen = new ArrayList<>();
    while (true) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Optional<DiscoveryResponse> next = ads.poll(r -> r.getTypeUrl().equals(type), left);
      if (next.isEmpty()) {
        throw new AssertionError(
            "no matching response within "
                + AdsStream.WAIT
                + "; saw "
                + seen
                + "; the stream so far:\n"
                + ads.transcript());
      }
      DiscoveryResponse response = next.get();
      ads.send(ack(response, names.toArray(String[]::new)));
      if (condition.test(response)) {
        return response;
      }
      seen.add(response.getVersionInfo() + " " + names(response));
    }
  }

  /**
   * Watches {@code type} for {@code window}: every response that comes must name exactly {@code
   * expected} (ACKed with those names, so that the server could send more).
   */
  private static void assertEveryResponseFor(
      AdsStream ads, String type, Duration window, List<String> expected) {
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Optional<DiscoveryResponse> next =
          ads.poll(r -> r.getTypeUrl().equals(type), Duration.ofNanos(left));
      if (next.isEmpty()) {
        return;
      }
      assertThat(names(next.get()))
          .as("a %s response; the stream so far:%n%s", type, ads.transcript())
          .containsExactlyInAnyOrderElementsOf(expected);
      ads.send(ack(next.get(), expected.toArray(String[]::new)));
    }
  }

  private static int endpointCount(DiscoveryResponse response, String cluster) {
    return AdsStream.resources(response, ClusterLoadAssignment.class).stream()
        .filter(cla -> cla.getClusterName().equals(cluster))
        .flatMap(cla -> cla.getEndpointsList().stream())
        .mapToInt(LocalityLbEndpoints::getLbEndpointsCount)
        .sum();
  }

  private Optional<TypeStatus> typeStatus(String nodeId, String typeUrl) {
    return controlPlane.xds().streams().stream()
        .filter(s -> s.nodeId().equals(nodeId))
        .flatMap(s -> s.types().stream())
        .filter(t -> t.typeUrl().equals(typeUrl))
        .findFirst();
  }
}
