package dev.weft.registry.store.memory;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.StoreSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** A session of the memory store: open, then closed (removed at once) or abandoned (expires). */
final class MemorySession implements StoreSession {
  private enum State {
    OPEN,
    CLOSED,
    ABANDONED
  }

  private final MemoryStore store;
  private final String id;
  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

  MemorySession(MemoryStore store, String id) {
    this.store = store;
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletableFuture<Void> publish(Publication publication) {
    if (state.get() != State.OPEN) {
      return ended();
    }
    return store.put(MemoryStore.key(id, publication), publication).thenApply(replaced -> null);
  }

  @Override
  public CompletableFuture<Boolean> unpublish(ServiceId service, String registId) {
    if (state.get() != State.OPEN) {
      return ended();
    }
    return store.delete(new PublicationKey(service, id, registId));
  }

  @Override
  public CompletableFuture<Void> close() {
    if (!state.compareAndSet(State.OPEN, State.CLOSED)) {
      return CompletableFuture.completedFuture(null);
    }
    return store.deleteOwner(id);
  }

  @Override
  public void abandon() {
    if (state.compareAndSet(State.OPEN, State.ABANDONED)) {
      store.expireLater(() -> store.deleteOwner(id));
    }
  }

  private <T> CompletableFuture<T> ended() {
    return CompletableFuture.failedFuture(
        new IllegalStateException("session " + id + " has ended"));
  }
}
