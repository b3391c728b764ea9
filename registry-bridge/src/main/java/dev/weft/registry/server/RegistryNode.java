package dev.weft.registry.server;

import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.StoreWatch;
import dev.weft.registry.view.PushFanout;
import dev.weft.registry.view.RegistryView;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The registry side of one control-plane replica: a store, the replica's view of it, and the fanout
 * that pushes the view's changes. The gRPC services and, later, xDS read from here.
 */
public final class RegistryNode implements AutoCloseable {
  /** How long the fanout waits for a burst of changes to settle, by default. */
  public static final Duration DEFAULT_QUIET = Duration.ofMillis(50);

  /** The longest a change waits for a burst to settle. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(500);

  private final RegistryStore store;
  private final RegistryView view = new RegistryView();
  private final ScheduledExecutorService scheduler;
  private final PushFanout fanout;
  private final StoreWatch watch;
  private final EncodedLists encoded = new EncodedLists();
  private final SessionDirectory sessions = new SessionDirectory();

  public RegistryNode(RegistryStore store, Duration quiet, Duration maxDelay) {
    this.store = store;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "weft-registry-fanout");
              thread.setDaemon(true);
              return thread;
            });
    this.fanout = new PushFanout(view, scheduler, quiet, maxDelay);
    this.watch = store.watch(view);
  }

  public RegistryStore store() {
    return store;
  }

  public RegistryView view() {
    return view;
  }

  public PushFanout fanout() {
    return fanout;
  }

  /** What the sessions of xDS nodes on this replica subscribe to and publish. */
  public SessionDirectory sessions() {
    return sessions;
  }

  /** Lists as messages, shared by the subscribers they are pushed to. */
  EncodedLists encoded() {
    return encoded;
  }

  /** Completes once the view holds the store's content. */
  public CompletableFuture<Void> ready() {
    return view.ready();
  }

  @Override
  public void close() {
    watch.close();
    fanout.close();
    scheduler.shutdownNow();
    store.close();
  }
}
