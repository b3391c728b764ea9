package dev.weft.controlplane.xds;

import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.registry.model.ServiceId;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One ADS stream: its node (from its first request), what it asks for per type, what it was sent,
 * and its push queue. Pushes run one at a time per stream on a shared pool; a stream marked dirty
 * while a pass runs gets one more pass, so pending pushes merge into one.
 */
final class XdsStream {
  final long id;
  final NodeInfo node;
  final boolean delta;
  final long openedAtNanos = System.nanoTime();
  final long openedAtMillis = System.currentTimeMillis();
  private final Map<ResourceType, TypeState> types = new EnumMap<>(ResourceType.class);
  private final EnumSet<ResourceType> dirtyTypes = EnumSet.noneOf(ResourceType.class);
  private Set<ServiceId> changedServices = new HashSet<>();
  private final Executor pool;
  private final Consumer<XdsStream> pass;
  private boolean dirty;
  private boolean running;
  private volatile boolean closed;

  /** Clusters kept in CDS for one more generation because a route may still name them. */
  Set<String> dyingClusters = Set.of();

  /** Clusters that were kept one generation and may now leave CDS. */
  Set<String> releasedClusters = Set.of();

  /** When the oldest registry change not yet pushed to this stream happened; 0 when none. */
  long pendingChangeNanos;

  /** The services whose changes concern this stream, as of its last pass. */
  volatile Set<ServiceId> interest = Set.of();

  XdsStream(long id, NodeInfo node, boolean delta, Executor pool, Consumer<XdsStream> pass) {
    this.id = id;
    this.node = node;
    this.delta = delta;
    this.pool = pool;
    this.pass = pass;
  }

  /** The type's state; call with the stream's lock held. */
  TypeState type(ResourceType type) {
    return types.computeIfAbsent(type, t -> new TypeState());
  }

  synchronized TypeState typeIfPresent(ResourceType type) {
    return types.get(type);
  }

  /** Asks for a pass over every type; merges with one already queued. */
  void schedule() {
    synchronized (this) {
      dirtyTypes.addAll(XdsTypes.IN_ORDER);
    }
    kick();
  }

  /** Asks for a pass over one type (a new request for it). */
  void schedule(ResourceType type) {
    synchronized (this) {
      dirtyTypes.add(type);
    }
    kick();
  }

  /**
   * Asks for a pass over what depends on these services, remembering the registry change that
   * caused it.
   */
  void schedule(long changedAtNanos, Set<ServiceId> services) {
    synchronized (this) {
      changed(changedAtNanos);
      changedServices.addAll(services);
    }
    kick();
  }

  /** Asks for a pass over every type after a change of the node's demand. */
  void scheduleAll(long changedAtNanos) {
    synchronized (this) {
      changed(changedAtNanos);
      dirtyTypes.addAll(XdsTypes.IN_ORDER);
    }
    kick();
  }

  private void changed(long changedAtNanos) {
    if (pendingChangeNanos == 0 || changedAtNanos - pendingChangeNanos < 0) {
      pendingChangeNanos = changedAtNanos;
    }
    for (TypeState state : types.values()) {
      state.parkedAfterNack = false;
    }
  }

  /** What changed since the last pass: types to answer again, and services whose lists moved. */
  record Dirt(Set<ResourceType> types, Set<ServiceId> services) {}

  synchronized Dirt takeDirt() {
    Dirt dirt = new Dirt(EnumSet.copyOf(dirtyTypes), changedServices);
    dirtyTypes.clear();
    changedServices = new HashSet<>();
    return dirt;
  }

  private void kick() {
    synchronized (this) {
      dirty = true;
      if (running || closed) {
        return;
      }
      running = true;
    }
    pool.execute(this::drain);
  }

  private void drain() {
    while (true) {
      synchronized (this) {
        if (!dirty || closed) {
          running = false;
          return;
        }
        dirty = false;
      }
      pass.accept(this);
    }
  }

  void close() {
    synchronized (this) {
      closed = true;
      types
          .values()
          .forEach(
              t -> {
                if (t.watch != null) {
                  t.watch.cancel();
                }
                if (t.deltaWatch != null) {
                  t.deltaWatch.cancel();
                }
              });
    }
  }

  boolean isClosed() {
    return closed;
  }

  synchronized StreamStatus status(List<String> subscribedServices) {
    List<TypeStatus> statuses = new ArrayList<>();
    types.forEach((type, state) -> statuses.add(state.status(XdsTypes.url(type))));
    return new StreamStatus(
        id,
        node.id(),
        node.cluster(),
        node.zone(),
        node.app(),
        delta,
        openedAtMillis,
        subscribedServices,
        statuses);
  }
}
