package dev.weft.controlplane.mesh;

import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.server.RegistryNode;
import dev.weft.registry.view.ViewListener;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The mesh as one registry replica sees it. Service changes are debounced: they are passed on once
 * the registry has been quiet for {@code quiet}, and at the latest {@code maxDelay} after the first
 * of a burst. Session changes are passed on at once (they are rare and a sidecar waits on them).
 */
public final class RegistryMesh
    implements MeshSource, ViewListener, Consumer<String>, AutoCloseable {
  private final RegistryNode registry;
  private final ScheduledExecutorService scheduler;
  private final long quietNanos;
  private final long maxDelayNanos;
  private final List<MeshListener> listeners = new CopyOnWriteArrayList<>();
  private Set<ServiceId> pending = new HashSet<>();
  private long firstPendingAt;
  private long lastChangeAt;
  private ScheduledFuture<?> flush;

  public RegistryMesh(
      RegistryNode registry,
      ScheduledExecutorService scheduler,
      Duration quiet,
      Duration maxDelay) {
    this.registry = registry;
    this.scheduler = scheduler;
    this.quietNanos = quiet.toNanos();
    this.maxDelayNanos = maxDelay.toNanos();
    registry.view().addListener(this);
    registry.sessions().addListener(this);
  }

  @Override
  public ServiceSnapshot service(ServiceId service) {
    return registry.view().service(service);
  }

  @Override
  public Optional<NodeDemand> demand(String nodeId) {
    return registry
        .sessions()
        .node(nodeId)
        .map(n -> new NodeDemand(n.subscriptions(), n.publications(), n.synced()));
  }

  @Override
  public void addListener(MeshListener listener) {
    listeners.add(listener);
  }

  /** The registry's view changed. */
  @Override
  public synchronized void servicesChanged(List<ServiceSnapshot> changed) {
    long now = System.nanoTime();
    if (pending.isEmpty()) {
      firstPendingAt = now;
    }
    lastChangeAt = now;
    for (ServiceSnapshot snapshot : changed) {
      pending.add(snapshot.service());
    }
    if (flush == null) {
      flush = scheduler.schedule(this::flush, quietNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void flush() {
    Set<ServiceId> due;
    long changedAt;
    synchronized (this) {
      long now = System.nanoTime();
      long quietUntil = lastChangeAt + quietNanos;
      long latest = firstPendingAt + maxDelayNanos;
      if (now < quietUntil && now < latest) {
        flush =
            scheduler.schedule(
                this::flush, Math.min(quietUntil, latest) - now, TimeUnit.NANOSECONDS);
        return;
      }
      flush = null;
      due = pending;
      changedAt = firstPendingAt;
      pending = new HashSet<>();
    }
    Set<ServiceId> changed = Set.copyOf(due);
    for (MeshListener listener : listeners) {
      listener.servicesChanged(changed, changedAt);
    }
  }

  /** A node's sessions changed. */
  @Override
  public void accept(String nodeId) {
    for (MeshListener listener : listeners) {
      listener.demandChanged(nodeId);
    }
  }

  @Override
  public void close() {
    registry.view().removeListener(this);
    registry.sessions().removeListener(this);
    synchronized (this) {
      if (flush != null) {
        flush.cancel(false);
      }
    }
  }
}
