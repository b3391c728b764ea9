package dev.weft.controlplane.xds;

import dev.weft.registry.model.ServiceId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which streams depend on which services, so a change to one service queues passes only on the
 * streams that subscribe to it or name it.
 */
final class InterestIndex {
  private final Map<ServiceId, Set<XdsStream>> byService = new ConcurrentHashMap<>();

  Set<XdsStream> streamsFor(Set<ServiceId> services) {
    Set<XdsStream> due = new HashSet<>();
    for (ServiceId service : services) {
      Set<XdsStream> interested = byService.get(service);
      if (interested != null) {
        due.addAll(interested);
      }
    }
    return due;
  }

  /** Re-indexes a stream by the services it now depends on. */
  void update(XdsStream stream, Set<ServiceId> interest) {
    Set<ServiceId> now = stream.isClosed() ? Set.of() : interest;
    synchronized (stream) {
      Set<ServiceId> before = stream.interest;
      if (before.equals(now)) {
        return;
      }
      for (ServiceId gone : before) {
        if (!now.contains(gone)) {
          byService.computeIfPresent(
              gone,
              (s, set) -> {
                set.remove(stream);
                return set.isEmpty() ? null : set;
              });
        }
      }
      for (ServiceId added : now) {
        if (!before.contains(added)) {
          byService.computeIfAbsent(added, s -> ConcurrentHashMap.newKeySet()).add(stream);
        }
      }
      stream.interest = Set.copyOf(now);
    }
  }

  void forget(XdsStream stream) {
    update(stream, Set.of());
  }

  int services() {
    return byService.size();
  }
}
