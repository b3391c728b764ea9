package dev.weft.dataplane.xds;

import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.XdsNode;
import java.time.Duration;

/**
 * How the sidecar reaches its control plane.
 *
 * @param controlPlane the ADS server, plaintext gRPC
 * @param node what the first request of each stream presents
 * @param initialBackoff the first reconnect delay (jittered ±50 %), doubling on each failure
 * @param maxBackoff the largest reconnect delay before jitter
 */
public record AdsSettings(
    HostPort controlPlane, XdsNode node, Duration initialBackoff, Duration maxBackoff) {
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  public AdsSettings {
    if (node.id().isEmpty()) {
      throw new IllegalArgumentException("an xDS node needs an id");
    }
    new Backoff(initialBackoff, maxBackoff); // checks the pair
  }

  /** Settings with the default backoff: 200 ms doubling to 10 s. */
  public static AdsSettings of(HostPort controlPlane, XdsNode node) {
    return new AdsSettings(controlPlane, node, INITIAL_BACKOFF, MAX_BACKOFF);
  }

  public AdsSettings withBackoff(Duration initial, Duration max) {
    return new AdsSettings(controlPlane, node, initial, max);
  }
}
