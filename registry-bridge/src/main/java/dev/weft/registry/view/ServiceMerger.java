package dev.weft.registry.view;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.store.PublicationKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the publications of one service into the list subscribers get: every endpoint once, sorted
 * by address, port and protocol. When two publications name the same address, port and protocol (a
 * client that reconnected and published again while its old session is still expiring, or a
 * persistent registration of a running app), the most recent write wins.
 */
final class ServiceMerger {
  private ServiceMerger() {}

  private record Target(String address, int port, Protocol protocol) {}

  /** A publication as the view holds it: with the store revision that wrote it. */
  record Written(PublicationKey key, Publication publication, long revision) {}

  static List<Endpoint> merge(List<Written> publications) {
    List<Written> newestFirst = new ArrayList<>(publications);
    newestFirst.sort(
        Comparator.comparingLong(Written::revision)
            .reversed()
            .thenComparing(w -> w.key().owner())
            .thenComparing(w -> w.key().registId()));
    List<Endpoint> merged = new ArrayList<>();
    Set<Target> seen = new HashSet<>();
    for (Written written : newestFirst) {
      for (Endpoint endpoint : written.publication().endpoints()) {
        if (seen.add(new Target(endpoint.address(), endpoint.port(), endpoint.protocol()))) {
          merged.add(endpoint);
        }
      }
    }
    merged.sort(null);
    return List.copyOf(merged);
  }

  static List<Written> of(Map<PublicationKey, Publication> publications, long revision) {
    return publications.entrySet().stream()
        .map(e -> new Written(e.getKey(), e.getValue(), revision))
        .toList();
  }
}
