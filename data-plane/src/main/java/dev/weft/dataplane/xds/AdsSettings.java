package dev.weft.dataplane.xds;

import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.XdsNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * How the sidecar reaches its control plane.
 *
 * @param controlPlanes the ADS server's replicas, plaintext gRPC, in order of preference: the
 *     client stays on the first that answers and moves down the list when it dies
 *     (docs/xds-client.md)
 * @param node what the first request of each stream presents
 * @param initialBackoff the first reconnect delay (jittered ±50 %), doubling on each failure
 * @param maxBackoff the largest reconnect delay before jitter
 */
public record AdsSettings(
    List<HostPort> controlPlanes, XdsNode node, Duration initialBackoff, Duration maxBackoff) {
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  public AdsSettings {
    controlPlanes = List.copyOf(controlPlanes);
    if (controlPlanes.isEmpty()) {
      throw new IllegalArgumentException("an ADS client needs a control plane");
    }
    if (new HashSet<>(controlPlanes).size() != controlPlanes.size()) {
      throw new IllegalArgumentException("a control plane is listed twice: " + controlPlanes);
    }
    if (node.id().isEmpty()) {
      throw new IllegalArgumentException("an xDS node needs an id");
    }
    new Backoff(initialBackoff, maxBackoff); // checks the pair
  }

  /** Settings with the default backoff: 200 ms doubling to 10 s. */
  public static AdsSettings of(List<HostPort> controlPlanes, XdsNode node) {
    return new AdsSettings(controlPlanes, node, INITIAL_BACKOFF, MAX_BACKOFF);
  }

  /** One control plane, with the default backoff. */
  public static AdsSettings of(HostPort controlPlane, XdsNode node) {
    return of(List.of(controlPlane), node);
  }

  public AdsSettings withBackoff(Duration initial, Duration max) {
    return new AdsSettings(controlPlanes, node, initial, max);
  }
}
