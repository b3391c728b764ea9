package dev.weft.controlplane.xds;

import dev.weft.controlplane.mesh.MeshListener;
import dev.weft.controlplane.mesh.MeshSource;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A mesh a test edits by hand; listeners hear changes at once. */
final class FakeMesh implements MeshSource {
  final Map<String, NodeDemand> demands = new ConcurrentHashMap<>();
  private final List<MeshListener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public ServiceSnapshot service(ServiceId service) {
    return ServiceSnapshot.absent(service, 0);
  }

  @Override
  public Optional<NodeDemand> demand(String nodeId) {
    return Optional.ofNullable(demands.get(nodeId));
  }

  @Override
  public void addListener(MeshListener listener) {
    listeners.add(listener);
  }

  void changed(String... services) {
    Set<ServiceId> ids = new java.util.HashSet<>();
    for (String service : services) {
      ids.add(ServiceId.of(service));
    }
    listeners.forEach(l -> l.servicesChanged(ids, System.nanoTime()));
  }

  void demandChanged(String nodeId) {
    listeners.forEach(l -> l.demandChanged(nodeId));
  }
}
