package dev.weft.registry.model;

import java.util.List;
import java.util.Objects;

/**
 * The full, merged list of one service's endpoints and its version. Versions only grow for a
 * service: on etcd they are the store revision of the change that produced the list, so every
 * registry replica sharing the store hands out the same version for the same list. Version 0 with
 * no endpoints means nobody has published the service.
 */
public record ServiceSnapshot(ServiceId service, long version, List<Endpoint> endpoints) {
  public ServiceSnapshot {
    Objects.requireNonNull(service, "service");
    endpoints = List.copyOf(endpoints);
  }

  /** Nobody publishes {@code service} as of {@code revision}. */
  public static ServiceSnapshot absent(ServiceId service, long revision) {
    return new ServiceSnapshot(service, revision, List.of());
  }

  /** The endpoints a subscriber in {@code zone} sees when it asked for its zone only. */
  public ServiceSnapshot inZone(String zone) {
    return new ServiceSnapshot(
        service, version, endpoints.stream().filter(e -> e.zone().equals(zone)).toList());
  }
}
