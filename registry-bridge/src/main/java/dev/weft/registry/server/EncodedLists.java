package dev.weft.registry.server;

import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.proto.RegistryProtos;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each service's latest list as a message, built once and shared by every subscriber it is pushed
 * to (a thousand subscribers of one service get one conversion, not a thousand).
 */
final class EncodedLists {
  private final Map<ServiceId, ServiceEndpoints> latest = new ConcurrentHashMap<>();

  ServiceEndpoints encode(ServiceSnapshot snapshot) {
    ServiceEndpoints cached = latest.get(snapshot.service());
    if (cached != null && cached.getVersion() == snapshot.version()) {
      return cached;
    }
    ServiceEndpoints encoded = RegistryProtos.snapshot(snapshot);
    if (snapshot.endpoints().isEmpty()) {
      latest.remove(snapshot.service());
    } else {
      latest.merge(
          snapshot.service(),
          encoded,
          (old, fresh) -> fresh.getVersion() > old.getVersion() ? fresh : old);
    }
    return encoded;
  }
}
