package dev.weft.controlplane.translate;

import dev.weft.controlplane.mesh.MeshListener;
import dev.weft.controlplane.mesh.MeshSource;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.model.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A mesh held in maps, and the fixtures the translate tests share. */
final class FakeMesh implements MeshSource {
  static final ServiceId HELLO = ServiceId.of("com.example.HelloService:1.0");
  static final ServiceId ECHO = ServiceId.of("com.example.EchoService:1.0");
  static final ServiceId TENANT_HELLO =
      ServiceId.of("com.example.HelloService:1.0", "SOFA", "tenant-a");
  static final ServiceId GREETER = ServiceId.of("greeter");

  private final Map<ServiceId, ServiceSnapshot> services = new ConcurrentHashMap<>();
  private final Map<String, NodeDemand> demands = new ConcurrentHashMap<>();

  /** Sets the service's list at {@code version}. */
  FakeMesh put(ServiceId service, long version, Endpoint... endpoints) {
    services.put(service, new ServiceSnapshot(service, version, List.of(endpoints)));
    return this;
  }

  FakeMesh demand(String nodeId, NodeDemand demand) {
    demands.put(nodeId, demand);
    return this;
  }

  @Override
  public ServiceSnapshot service(ServiceId service) {
    return services.getOrDefault(service, ServiceSnapshot.absent(service, 0));
  }

  @Override
  public Optional<NodeDemand> demand(String nodeId) {
    return Optional.ofNullable(demands.get(nodeId));
  }

  @Override
  public void addListener(MeshListener listener) {}

  static Endpoint endpoint(String address, int port, Protocol protocol, int weight, String zone) {
    return new Endpoint(address, port, protocol, weight, zone, Map.of());
  }

  static Endpoint bolt(String address, int weight, String zone) {
    return endpoint(address, 12200, Protocol.BOLT, weight, zone);
  }

  /** A node in {@code zone} with the default ports. */
  static NodeInfo node(String id, String zone) {
    return new NodeInfo(
        id,
        "cluster",
        zone,
        "app",
        NodeInfo.DEFAULT_EGRESS_PORTS,
        NodeInfo.DEFAULT_APP_PORTS,
        true);
  }

  static NodeInfo node(String id, Map<Protocol, Integer> egress, Map<Protocol, Integer> app) {
    return new NodeInfo(id, "cluster", "zone-a", "app", egress, app, true);
  }

  static NodeDemand subscribing(ServiceId... services) {
    return new NodeDemand(
        Set.of(services).stream().map(s -> new Subscription(s, false)).collect(Collectors.toSet()),
        List.of());
  }

  static NodeDemand subscribingZoneOnly(ServiceId... services) {
    return new NodeDemand(
        Set.of(services).stream().map(s -> new Subscription(s, true)).collect(Collectors.toSet()),
        List.of());
  }

  static NodeDemand publishing(Endpoint... endpoints) {
    return new NodeDemand(
        Set.of(), List.of(new Publication(HELLO, "reg-1", "zone-a", List.of(endpoints))));
  }
}
