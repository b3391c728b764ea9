package dev.weft.registry.store;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where publications live: etcd, shared by registry replicas, or memory, for one process. Both keep
 * the same promises: session publications last as long as their session's lease, persistent ones
 * until deregistered, writes are idempotent, and watchers see every change in order.
 */
public interface RegistryStore extends AutoCloseable {
  /** For logs and errors, e.g. {@code etcd http://127.0.0.1:2379} or {@code memory}. */
  String describe();

  /** How long a session's publications outlive its last renewal. */
  Duration sessionTtl();

  /** Takes a lease for a new session. */
  CompletableFuture<StoreSession> openSession(String clientName);

  /**
   * Writes a registration that stays until deregistered; completes with whether it replaced one.
   */
  CompletableFuture<Boolean> putPersistent(Publication publication);

  /** Removes a persistent registration; completes with whether it existed. */
  CompletableFuture<Boolean> deletePersistent(ServiceId service, String registId);

  /**
   * Delivers the whole content, then every change, to {@code listener} on one thread of the
   * store's. Starts at once and never blocks the caller.
   */
  StoreWatch watch(StoreListener listener);

  /** Stops renewing leases (sessions expire after their TTL) and releases connections. */
  @Override
  void close();
}
