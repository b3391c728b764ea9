package dev.weft.controlplane.mesh;

import dev.weft.registry.model.ServiceId;
import java.util.Set;

/** Hears what changed in the mesh; called off the xDS streams' threads, must not block. */
public interface MeshListener {
  /**
   * These services' endpoint lists changed (a service without endpoints went away); {@code
   * changedAtNanos} is the {@link System#nanoTime()} of the first registry change in the batch.
   */
  void servicesChanged(Set<ServiceId> services, long changedAtNanos);

  /** What this node subscribes to or publishes changed, or its session opened or closed. */
  void demandChanged(String nodeId);
}
