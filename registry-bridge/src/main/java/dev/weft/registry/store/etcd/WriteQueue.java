package dev.weft.registry.store.etcd;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs writes one after another. A write starts only after every attempt of the write before it has
 * answered, so a slow retry of an older write cannot land after a newer one on the same key. Used
 * on the store's executor only.
 */
final class WriteQueue {
  private final Retrier retrier;
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  WriteQueue(Retrier retrier) {
    this.retrier = retrier;
  }

  /**
   * Queues a write; {@code result} completes with its first success, its final failure, or the
   * reason {@code stop} gives.
   */
  <T> void submit(
      String what,
      Supplier<CompletableFuture<T>> call,
      Supplier<RuntimeException> stop,
      CompletableFuture<T> result) {
    pending.add(result);
    result.whenComplete((value, error) -> pending.remove(result));
    CompletableFuture<Void> previous = tail;
    CompletableFuture<Void> settled = new CompletableFuture<>();
    tail = settled;
    previous.whenComplete(
        (ignored, alsoIgnored) ->
            retrier
                .run(what, call, stop, EtcdErrors::isPermanent, result)
                .whenComplete((done, error) -> settled.complete(null)));
  }

  /** Fails every write not finished yet; their attempts still in flight are left to answer. */
  void failPending(RuntimeException reason) {
    for (CompletableFuture<?> result : pending) {
      result.completeExceptionally(reason);
    }
  }
}
