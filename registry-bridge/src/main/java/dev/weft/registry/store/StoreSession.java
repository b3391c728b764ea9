package dev.weft.registry.store;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import java.util.concurrent.CompletableFuture;

/**
 * A session's publications, which live as long as the session's lease. The store renews the lease
 * while the session is open. If the store loses the lease (etcd restarted or lost its leader for
 * longer than jetcd waits), it takes a new one and writes the session's publications again, so the
 * session's owner never notices.
 *
 * <p>Writes are idempotent: a timed-out write may have committed, and repeating it is harmless.
 */
public interface StoreSession {
  /** Unique among all sessions of the store, never {@link PublicationKey#PERSISTENT}. */
  String id();

  /** Writes or replaces the session's publication with this service and registId. */
  CompletableFuture<Void> publish(Publication publication);

  /** Removes it; completes with whether it existed. */
  CompletableFuture<Boolean> unpublish(ServiceId service, String registId);

  /** A clean end: the session's publications are removed now. */
  CompletableFuture<Void> close();

  /**
   * The owner went away without a clean end: stop renewing, and let the publications disappear when
   * the lease's TTL runs out.
   */
  void abandon();
}
