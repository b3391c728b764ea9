package dev.weft.registry.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseRevokeResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease operations of one session: grant a lease and write the session's keys on it (when it
 * opens, and again after etcd lost its lease), and revoke it when it closes, deleting the keys
 * instead when the revoke fails. Writes go in transactions of at most {@value #OPS_PER_TXN}
 * operations and about {@value #BYTES_PER_TXN} bytes (etcd's defaults allow 128 operations and 1.5
 * MiB per request). Runs on the store's executor.
 */
final class SessionLeases {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLeases.class);
  static final int OPS_PER_TXN = 100;
  static final int BYTES_PER_TXN = 1 << 20;

  private final StoreContext context;
  private final String sessionId;
  private final Lease leases;
  private final KV kv;

  SessionLeases(StoreContext context, String sessionId) {
    this.context = context;
    this.sessionId = sessionId;
    this.leases = context.client().getLeaseClient();
    this.kv = context.client().getKVClient();
  }

  /**
   * Grants a lease, reports it to {@code onGranted} at once (so that a close in the meantime can
   * revoke it), then writes the session key and {@code entries} on it.
   *
   * @return the lease, once everything is written
   */
  CompletableFuture<Long> grantAndWrite(
      LongFunction<ByteSequence> sessionValue,
      List<Map.Entry<ByteSequence, ByteSequence>> entries,
      Supplier<RuntimeException> stop,
      LongConsumer onGranted) {
    CompletableFuture<LeaseGrantResponse> granted = new CompletableFuture<>();
    context
        .retrier()
        .run(
            "session " + sessionId + ": grant a lease",
            () -> leases.grant(context.ttlSeconds()),
            stop,
            EtcdErrors::isPermanent,
            granted);
    return granted.thenComposeAsync(
        response -> {
          long lease = response.getID();
          onGranted.accept(lease);
          List<Map.Entry<ByteSequence, ByteSequence>> all = new ArrayList<>(entries.size() + 1);
          all.add(Map.entry(context.layout().session(sessionId), sessionValue.apply(lease)));
          all.addAll(entries);
          PutOption onLease = PutOption.builder().withLeaseId(lease).build();
          return inTransactions(
                  "write %d key(s) on lease " + Long.toHexString(lease),
                  all,
                  e -> Op.put(e.getKey(), e.getValue(), onLease),
                  e -> e.getKey().size() + e.getValue().size(),
                  stop)
              .thenApply(written -> lease);
        },
        context.executor());
  }

  /** Revokes {@code lease}; when that fails, deletes {@code keys}. Completes {@code done}. */
  void revokeOrDelete(long lease, List<ByteSequence> keys, CompletableFuture<Void> done) {
    // Past this, the lease has run out by itself (nobody renews it any more).
    long deadline =
        System.nanoTime()
            + (context.ttlSeconds() * 1000 + context.requestTimeout().toMillis()) * 1_000_000L;
    Supplier<RuntimeException> stop =
        () ->
            System.nanoTime() - deadline > 0
                ? new IllegalStateException(
                    "session "
                        + sessionId
                        + ": etcd did not answer; its keys expire with its lease")
                : context.storeClosedReason();
    CompletableFuture<LeaseRevokeResponse> revoked = new CompletableFuture<>();
    context
        .retrier()
        .run(
            "session " + sessionId + ": revoke lease " + Long.toHexString(lease),
            () -> leases.revoke(lease),
            stop,
            e -> EtcdErrors.isPermanent(e) || EtcdErrors.isLeaseNotFound(e),
            revoked);
    revoked.whenCompleteAsync(
        (response, error) -> {
          if (error == null) {
            done.complete(null);
            return;
          }
          LOG.info(
              "session {}: revoking lease {} failed ({}); deleting its {} key(s)",
              sessionId,
              Long.toHexString(lease),
              EtcdErrors.describe(error),
              keys.size());
          inTransactions(
                  "delete %d key(s)",
                  keys, k -> Op.delete(k, DeleteOption.DEFAULT), ByteSequence::size, stop)
              .whenComplete(
                  (deleted, failure) -> {
                    if (failure == null) {
                      done.complete(null);
                    } else {
                      done.completeExceptionally(EtcdErrors.unwrap(failure));
                    }
                  });
        },
        context.executor());
  }

  /** Runs the operations in as few transactions as the limits allow, one after another. */
  private <T> CompletableFuture<Void> inTransactions(
      String what,
      List<T> items,
      Function<T, Op> op,
      ToIntFunction<T> size,
      Supplier<RuntimeException> stop) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    List<Op> batch = new ArrayList<>();
    int bytes = 0;
    for (T item : items) {
      int itemBytes = size.applyAsInt(item);
      if (!batch.isEmpty() && (batch.size() == OPS_PER_TXN || bytes + itemBytes > BYTES_PER_TXN)) {
        chain = then(chain, what, batch.toArray(Op[]::new), stop);
        batch.clear();
        bytes = 0;
      }
      batch.add(op.apply(item));
      bytes += itemBytes;
    }
    if (!batch.isEmpty()) {
      chain = then(chain, what, batch.toArray(Op[]::new), stop);
    }
    return chain;
  }

  private CompletableFuture<Void> then(
      CompletableFuture<Void> previous, String what, Op[] ops, Supplier<RuntimeException> stop) {
    return previous.thenComposeAsync(
        done -> {
          CompletableFuture<TxnResponse> written = new CompletableFuture<>();
          context
              .retrier()
              .run(
                  "session " + sessionId + ": " + String.format(what, ops.length),
                  () -> kv.txn().Then(ops).commit(),
                  stop,
                  e -> EtcdErrors.isPermanent(e) || EtcdErrors.isLeaseNotFound(e),
                  written);
          return written.thenApply(response -> (Void) null);
        },
        context.executor());
  }
}
