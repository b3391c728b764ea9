package dev.weft.controlplane.translate;

import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The Cluster and ClusterLoadAssignment of each service, built once per service version. A load
 * assignment is keyed by the service and its zone filter (none, or the zone of a node whose
 * subscription is zone-only) and rebuilt only when the snapshot's version differs from the one it
 * was built from. Returning the same instance lets the xDS server's serializer cache pay off.
 *
 * <p>Bounded: every {@link #SWEEP_EVERY} builds, entries idle longer than {@code idleNanos} are
 * dropped when their service has no endpoints, and the least recently used ones go when there are
 * more than {@code maxEntries}. Thread-safe.
 */
final class ServiceMemo {
  static final int SWEEP_EVERY = 256;

  private record Key(ServiceId service, boolean zoneOnly, String zone) {}

  /** What one key holds; {@code usedAt} is refreshed on every hit. */
  private static final class Entry<T> {
    final long version;
    final T message;
    final boolean empty;
    volatile long usedAt;

    Entry(long version, T message, boolean empty, long usedAt) {
      this.version = version;
      this.message = message;
      this.empty = empty;
      this.usedAt = usedAt;
    }
  }

  private final Map<ServiceId, Entry<Cluster>> clusters = new ConcurrentHashMap<>();
  private final Map<Key, Entry<ClusterLoadAssignment>> assignments = new ConcurrentHashMap<>();
  private final AtomicInteger buildsSinceSweep = new AtomicInteger();
  private final int maxEntries;
  private final long idleNanos;
  private final LongSupplier clock;

  ServiceMemo(int maxEntries, long idleNanos, LongSupplier clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, is " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.idleNanos = idleNanos;
    this.clock = clock;
  }

  /** The EDS cluster of {@code service}; it depends on nothing but the service's name. */
  Cluster cluster(ServiceId service) {
    long now = clock.getAsLong();
    Entry<Cluster> entry = clusters.get(service);
    if (entry == null) {
      entry = clusters.computeIfAbsent(service, s -> new Entry<>(0, Xds.edsCluster(s), false, now));
      built();
    }
    entry.usedAt = now;
    return entry.message;
  }

  /** The load assignment of {@code snapshot}, filtered to {@code zone} when {@code zoneOnly}. */
  ClusterLoadAssignment assignment(ServiceSnapshot snapshot, boolean zoneOnly, String zone) {
    long now = clock.getAsLong();
    Key key = new Key(snapshot.service(), zoneOnly, zoneOnly ? zone : "");
    Entry<ClusterLoadAssignment> entry = assignments.get(key);
    if (entry != null && entry.version == snapshot.version()) {
      entry.usedAt = now;
      return entry.message;
    }
    ServiceSnapshot seen = zoneOnly ? snapshot.inZone(zone) : snapshot;
    ClusterLoadAssignment built =
        LoadAssignments.of(Naming.cluster(snapshot.service()), seen.endpoints());
    Entry<ClusterLoadAssignment> fresh =
        new Entry<>(snapshot.version(), built, seen.endpoints().isEmpty(), now);
    // A slower caller holding an older snapshot must not replace a newer entry.
    assignments.merge(key, fresh, (old, neu) -> old.version > neu.version ? old : neu);
    built();
    return built;
  }

  /** How many messages are held. */
  int size() {
    return clusters.size() + assignments.size();
  }

  /**
   * Drops load assignments of services without endpoints and clusters that were not asked for in
   * {@code idleNanos}, then the least recently used entries beyond {@code maxEntries} (down to nine
   * tenths of it, so a full memo does not sweep on every build).
   */
  void sweep() {
    long now = clock.getAsLong();
    assignments.values().removeIf(e -> e.empty && now - e.usedAt > idleNanos);
    clusters.values().removeIf(e -> now - e.usedAt > idleNanos);
    trim(assignments);
    trim(clusters);
  }

  private <K, V extends Entry<?>> void trim(Map<K, V> map) {
    int excess = map.size() - maxEntries;
    if (excess <= 0) {
      return;
    }
    excess += maxEntries / 10;
    // usedAt moves under concurrent hits: sort a copy of it, not the live field.
    record Aged<K>(K key, long usedAt) {}
    List<Aged<K>> byAge = new ArrayList<>(map.size());
    map.forEach((k, v) -> byAge.add(new Aged<>(k, v.usedAt)));
    byAge.sort(Comparator.comparingLong(Aged::usedAt));
    for (int i = 0; i < excess && i < byAge.size(); i++) {
      map.remove(byAge.get(i).key());
    }
  }

  private void built() {
    if (buildsSinceSweep.incrementAndGet() >= SWEEP_EVERY
        || assignments.size() > maxEntries
        || clusters.size() > maxEntries) {
      buildsSinceSweep.set(0);
      sweep();
    }
  }
}
