package dev.weft.registry.store.etcd;

import dev.weft.registry.etcd.EtcdClients;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/** What the parts of one etcd store share: the client, the executor that owns their state, etc. */
record StoreContext(
    Client client,
    ScheduledExecutorService executor,
    Retrier retrier,
    KeyLayout layout,
    EtcdStoreSettings settings,
    StoreCounters counters,
    BooleanSupplier storeClosed) {

  /** The TTL etcd leases are granted with: whole seconds, at least 2 (etcd's minimum). */
  long ttlSeconds() {
    return settings.leaseTtlSeconds();
  }

  Duration requestTimeout() {
    return settings.requestTimeout();
  }

  /**
   * A request failed for want of a connection: have the client try to connect now rather than after
   * gRPC's growing backoff, so a restarted etcd is found before leases run out.
   */
  void reconnectNow() {
    if (!EtcdClients.reconnectNow(client) && counters.warnedNoChannel.compareAndSet(false, true)) {
      LoggerFactory.getLogger(StoreContext.class)
          .warn(
              "cannot reach jetcd's channel to reconnect at once; reconnects follow gRPC's backoff");
    }
  }

  /** Runs {@code task} on the executor; returns false (and does nothing) once it is shut down. */
  boolean execute(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  /** Runs {@code task} on the executor, or fails {@code result} if the store is shut down. */
  void execute(Runnable task, CompletableFuture<?> result) {
    if (!execute(task)) {
      result.completeExceptionally(new IllegalStateException("the etcd store is closed"));
    }
  }

  /** The reason to stop retrying once the store is closed, else null. */
  RuntimeException storeClosedReason() {
    return storeClosed.getAsBoolean()
        ? new IllegalStateException("the etcd store is closed")
        : null;
  }
}
