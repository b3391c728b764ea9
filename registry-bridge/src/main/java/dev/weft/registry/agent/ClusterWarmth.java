package dev.weft.registry.agent;

import dev.weft.registry.model.ServiceId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tells the agent when the sidecar can route to a service: implemented by the sidecar's wiring,
 * which knows its clusters. "Warm" is the sidecar's call; the intent is that the cluster exists and
 * has its first load assignment (possibly empty), and the egress route to it is in place, so the
 * app's first call finds a route.
 */
@FunctionalInterface
public interface ClusterWarmth {
  /**
   * Completes with {@code true} once {@code cluster} is warm (at once if it already is), or with
   * {@code false} when {@code timeout} passes first. The agent stops waiting after {@code timeout}
   * whatever the stage does.
   */
  CompletionStage<Boolean> awaitWarm(String cluster, Duration timeout);

  /** For a sidecar that does not track warmth: every cluster is warm at once. */
  static ClusterWarmth alwaysWarm() {
    return (cluster, timeout) -> CompletableFuture.completedFuture(true);
  }

  /**
   * The name of {@code service}'s cluster, as the control plane names it (docs/xds-mapping.md,
   * "Names"): its {@code dataId} in the default instance and group, else its {@code dataInfoId}.
   */
  static String clusterName(ServiceId service) {
    return service.meshName();
  }
}
