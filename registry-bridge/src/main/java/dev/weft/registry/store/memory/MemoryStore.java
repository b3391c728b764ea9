package dev.weft.registry.store.memory;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.StoreChange;
import dev.weft.registry.store.StoreListener;
import dev.weft.registry.store.StoreSession;
import dev.weft.registry.store.StoreWatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The registry in one process ({@code --store memory}): the etcd store's semantics without etcd.
 * One thread owns the state and delivers to watchers, so changes reach them in revision order. A
 * session abandoned by its owner keeps its publications for the TTL, as an etcd lease would.
 */
public final class MemoryStore implements RegistryStore {
  private final Duration ttl;
  private final ScheduledExecutorService executor;
  private final Map<PublicationKey, Publication> publications = new HashMap<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final AtomicLong sessionIds = new AtomicLong();
  private long revision = 1;

  public MemoryStore(Duration sessionTtl) {
    this.ttl = Objects.requireNonNull(sessionTtl, "sessionTtl");
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "weft-registry-memory");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public Duration sessionTtl() {
    return ttl;
  }

  @Override
  public CompletableFuture<StoreSession> openSession(String clientName) {
    return CompletableFuture.completedFuture(
        new MemorySession(this, "m" + sessionIds.incrementAndGet()));
  }

  @Override
  public CompletableFuture<Boolean> putPersistent(Publication publication) {
    return put(key(PublicationKey.PERSISTENT, publication), publication);
  }

  @Override
  public CompletableFuture<Boolean> deletePersistent(ServiceId service, String registId) {
    return delete(new PublicationKey(service, PublicationKey.PERSISTENT, registId));
  }

  @Override
  public StoreWatch watch(StoreListener listener) {
    Watch watch = new Watch(listener);
    execute(
        () -> {
          watches.add(watch);
          listener.reset(revision, Map.copyOf(publications));
          return null;
        });
    return () -> watches.remove(watch);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  static PublicationKey key(String owner, Publication publication) {
    return new PublicationKey(publication.service(), owner, publication.registId());
  }

  /** Writes; completes with whether a publication was replaced. Equal rewrites change nothing. */
  CompletableFuture<Boolean> put(PublicationKey key, Publication publication) {
    return execute(
        () -> {
          Publication previous = publications.put(key, publication);
          if (!publication.equals(previous)) {
            commit(List.of(StoreChange.put(key, publication)));
          }
          return previous != null;
        });
  }

  CompletableFuture<Boolean> delete(PublicationKey key) {
    return execute(
        () -> {
          if (publications.remove(key) == null) {
            return false;
          }
          commit(List.of(StoreChange.delete(key)));
          return true;
        });
  }

  /** Removes every publication of a session, in one revision. */
  CompletableFuture<Void> deleteOwner(String owner) {
    return execute(
        () -> {
          List<StoreChange> changes =
              publications.keySet().stream()
                  .filter(k -> k.owner().equals(owner))
                  .map(StoreChange::delete)
                  .toList();
          changes.forEach(c -> publications.remove(c.key()));
          if (!changes.isEmpty()) {
            commit(changes);
          }
          return null;
        });
  }

  void expireLater(Runnable expiry) {
    if (!executor.isShutdown()) {
      executor.schedule(expiry, ttl.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void commit(List<StoreChange> changes) {
    revision++;
    for (Watch watch : watches) {
      watch.listener.changed(revision, changes);
    }
  }

  private <T> CompletableFuture<T> execute(Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              result.complete(task.get());
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RuntimeException rejected) {
      result.completeExceptionally(new IllegalStateException("the memory store is closed"));
    }
    return result;
  }

  private record Watch(StoreListener listener) {}
}
