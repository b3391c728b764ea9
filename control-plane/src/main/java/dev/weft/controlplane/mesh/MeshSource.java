package dev.weft.controlplane.mesh;

import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import java.util.Optional;

/** What translation reads: the registry's services and the nodes' registry sessions. */
public interface MeshSource {
  /** The service's current list; one without endpoints when nobody publishes it. */
  ServiceSnapshot service(ServiceId service);

  /** The node's registry sessions on this replica, or empty when it has none open. */
  Optional<NodeDemand> demand(String nodeId);

  void addListener(MeshListener listener);
}
