package dev.weft.registry.view;

import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Pushes a view's changes to subscribers, coalescing bursts. A change after a quiet period (no
 * change for {@code quiet}) is pushed at once. A change that follows another within {@code quiet}
 * belongs to a burst: it is pushed once the view has been quiet for {@code quiet}, or {@code
 * maxDelay} after the burst's first unpushed change, whichever comes first, with the lists as they
 * are then. A new subscriber gets the current list at once.
 */
public final class PushFanout implements ViewListener, AutoCloseable {
  private final RegistryView view;
  private final ScheduledExecutorService scheduler;
  private final long quietNanos;
  private final long maxDelayNanos;
  private final Map<ServiceId, Set<Gate>> byService = new ConcurrentHashMap<>();
  private final Set<AllGate> everything = new CopyOnWriteArraySet<>();
  private final Object lock = new Object();
  private Set<ServiceId> dirty = new HashSet<>();
  private long firstDirty;
  private long lastDirty;
  private boolean scheduled;
  private boolean leading;

  public PushFanout(
      RegistryView view, ScheduledExecutorService scheduler, Duration quiet, Duration maxDelay) {
    this.view = view;
    this.scheduler = scheduler;
    this.quietNanos = quiet.toNanos();
    this.maxDelayNanos = Math.max(quiet.toNanos(), maxDelay.toNanos());
    this.lastDirty = System.nanoTime() - 2 * quietNanos;
    view.addListener(this);
  }

  /** Subscribes to one service; the current list is pushed before this returns. */
  public AutoCloseable subscribe(ServiceId service, Subscriber subscriber) {
    Gate gate = new Gate(subscriber);
    byService.computeIfAbsent(service, s -> new CopyOnWriteArraySet<>()).add(gate);
    gate.push(view.service(service));
    return () -> {
      Set<Gate> gates = byService.get(service);
      if (gates != null) {
        gates.remove(gate);
        byService.computeIfPresent(service, (s, g) -> g.isEmpty() ? null : g);
      }
    };
  }

  /**
   * Subscribes to every service {@code filter} accepts: each one present now is pushed before this
   * returns, then each one whose list changes (an empty list when it goes).
   */
  public AutoCloseable subscribeAll(Predicate<ServiceId> filter, Subscriber subscriber) {
    AllGate gate = new AllGate(filter, subscriber);
    everything.add(gate);
    for (ServiceSnapshot snapshot : view.services()) {
      gate.push(snapshot);
    }
    return () -> everything.remove(gate);
  }

  @Override
  public void servicesChanged(List<ServiceSnapshot> changed) {
    long now = System.nanoTime();
    synchronized (lock) {
      boolean afterQuiet = now - lastDirty >= quietNanos;
      if (dirty.isEmpty()) {
        firstDirty = now;
      }
      lastDirty = now;
      changed.forEach(s -> dirty.add(s.service()));
      if (!scheduled) {
        scheduled = true;
        leading = afterQuiet;
        schedule(leading ? 0 : quietNanos);
      }
    }
  }

  private void schedule(long delayNanos) {
    try {
      scheduler.schedule(this::maybeFlush, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // Shutting down: nothing more to push.
    }
  }

  private void maybeFlush() {
    Set<ServiceId> services;
    long now = System.nanoTime();
    synchronized (lock) {
      long due = Math.min(lastDirty + quietNanos, firstDirty + maxDelayNanos);
      if (!leading && now - due < 0) {
        schedule(due - now);
        return;
      }
      leading = false;
      services = dirty;
      dirty = new HashSet<>();
      scheduled = false;
    }
    for (ServiceId service : services) {
      ServiceSnapshot snapshot = view.service(service);
      Set<Gate> gates = byService.get(service);
      if (gates != null) {
        gates.forEach(g -> g.push(snapshot));
      }
      everything.forEach(g -> g.push(snapshot));
    }
  }

  @Override
  public void close() {
    view.removeListener(this);
  }

  /** Keeps one subscriber's versions growing and its calls one at a time. */
  private static final class Gate {
    private final Subscriber subscriber;
    private long version = -1;

    Gate(Subscriber subscriber) {
      this.subscriber = subscriber;
    }

    synchronized void push(ServiceSnapshot snapshot) {
      if (snapshot.version() > version) {
        version = snapshot.version();
        subscriber.push(snapshot);
      }
    }
  }

  /** The same per service, for a subscriber to many services. */
  private static final class AllGate {
    private final Predicate<ServiceId> filter;
    private final Subscriber subscriber;
    private final Map<ServiceId, Long> versions = new java.util.HashMap<>();

    AllGate(Predicate<ServiceId> filter, Subscriber subscriber) {
      this.filter = filter;
      this.subscriber = subscriber;
    }

    synchronized void push(ServiceSnapshot snapshot) {
      if (!filter.test(snapshot.service())) {
        return;
      }
      // Versions are kept for services that went too, so a late, older list is never pushed.
      Long seen = versions.get(snapshot.service());
      if (seen != null && snapshot.version() <= seen) {
        return;
      }
      versions.put(snapshot.service(), snapshot.version());
      if (seen != null || !snapshot.endpoints().isEmpty()) {
        subscriber.push(snapshot);
      }
    }
  }
}
