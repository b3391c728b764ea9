package dev.weft.controlplane.xds;

import com.google.protobuf.Message;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.ServiceId;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the xDS server gets resources from: the translation of the mesh for one node. Results are
 * keyed by resource name. Implementations must be thread-safe and deterministic: equal inputs give
 * equal messages, so content-hash versions are stable across replicas.
 */
public interface ResourceSource {
  /** What a wildcard subscription of {@code type} gets (Envoy and Weft sidecars: LDS, CDS). */
  Map<String, Message> wildcard(ResourceType type, NodeInfo node, NodeDemand demand);

  /** Those of {@code names} that exist; a name that does not is left out. */
  Map<String, Message> named(
      ResourceType type, Set<String> names, NodeInfo node, NodeDemand demand);

  /** The services whose lists the resources of these names are built from. */
  Set<ServiceId> servicesNamed(ResourceType type, Set<String> names);

  /**
   * Whether a wildcard answer of {@code type} reads the endpoint lists of the node's subscribed
   * services; when false, only a change of the node's demand (or a new request) can change it, and
   * an endpoint change does not re-examine it.
   */
  default boolean wildcardReadsServices(ResourceType type) {
    return true;
  }

  /** Why {@code resource} must not be published, or empty when it is fine. */
  Optional<String> invalid(ResourceType type, Message resource);
}
