package dev.weft.registry.store.etcd;

import dev.weft.registry.store.StoreListener;
import dev.weft.registry.store.StoreWatch;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of the publications prefix. It reads everything at a revision R ({@code reset}), then
 * watches from R + 1 ({@code changed} per revision). It resumes the etcd watch itself from the
 * revision after the last one it processed whenever the stream breaks, rather than trusting jetcd's
 * resume (which can skip revisions if the stream breaks before the first event). When etcd
 * compacted what the watch still needed, cancelled it, or ended it, it reads everything again and
 * calls {@code reset}. A watch silent for a check interval asks etcd for a progress notification;
 * silent for three, it watches again.
 *
 * <p>Its state belongs to the store's executor, where it also calls the listener.
 */
final class EtcdWatch implements StoreWatch {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
  private static final int SILENT_CHECKS_BEFORE_REWATCH = 3;
  private static final long MAX_REWATCH_BACKOFF_MILLIS = 5_000;

  private final StoreContext context;
  private final WatchDelivery delivery;
  private final SnapshotReader reader;
  private final Retrier readRetrier;
  private final Consumer<EtcdWatch> onClose;
  private final String prefix;
  private volatile boolean closed;
  private boolean suspended;
  private boolean listing;
  private Watch.Watcher watcher;
  private int generation;
  private long lastHeardNanos;
  private int silentChecks;
  private int rewatchFailures;
  private int silentRewatches;
  private ScheduledFuture<?> supervisor;

  EtcdWatch(
      StoreContext context,
      PublicationDecoder decoder,
      StoreListener listener,
      Consumer<EtcdWatch> onClose) {
    this.context = context;
    this.delivery = new WatchDelivery(decoder, listener, () -> closed);
    this.reader = new SnapshotReader(context, decoder);
    // A whole snapshot may take many pages; each page has its own timeout.
    this.readRetrier = new Retrier(context.executor(), context.requestTimeout().multipliedBy(12));
    this.onClose = onClose;
    this.prefix = context.layout().root();
  }

  void start() {
    context.execute(
        () -> {
          long interval = context.settings().watchCheckInterval().toMillis();
          try {
            supervisor =
                context
                    .executor()
                    .scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException storeClosed) {
            return;
          }
          relist();
        });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.accept(this);
    context.execute(
        () -> {
          stopWatcher();
          if (supervisor != null) {
            supervisor.cancel(false);
          }
        });
  }

  /**
   * For tests: the etcd watch stream breaks and stays down until {@link #resume()}, as if etcd were
   * out of reach. Completes once no more changes will arrive.
   */
  CompletableFuture<Void> suspend() {
    CompletableFuture<Void> suspended = new CompletableFuture<>();
    context.execute(
        () -> {
          this.suspended = true;
          stopWatcher();
          suspended.complete(null);
        });
    return suspended;
  }

  /** For tests: the stream comes back, and the watch goes on from where it was. */
  void resume() {
    context.execute(
        () -> {
          suspended = false;
          if (watcher == null && !listing) {
            openWatcher();
          }
        });
  }

  private void relist() {
    if (closed) {
      return;
    }
    stopWatcher();
    if (listing) {
      return;
    }
    listing = true;
    CompletableFuture<SnapshotReader.Snapshot> snapshot = new CompletableFuture<>();
    readRetrier.run(
        "watch " + prefix + ": read every publication",
        reader::read,
        () -> closed ? new IllegalStateException("the watch is closed") : null,
        error -> false,
        snapshot);
    snapshot.whenCompleteAsync(
        (read, error) -> {
          listing = false;
          if (error != null || closed) {
            return;
          }
          delivery.reset(read);
          if (!suspended) {
            openWatcher();
          }
        },
        context.executor());
  }

  private void openWatcher() {
    stopWatcher();
    int current = generation;
    lastHeardNanos = System.nanoTime();
    silentChecks = 0;
    WatchOption option =
        WatchOption.builder()
            .isPrefix(true)
            .withRevision(delivery.nextRevision())
            .withProgressNotify(true)
            .build();
    try {
      watcher =
          context
              .client()
              .getWatchClient()
              .watch(
                  context.layout().publicationsPrefix(),
                  option,
                  Watch.listener(
                      response -> context.execute(() -> onResponse(current, response)),
                      error -> context.execute(() -> onError(current, error)),
                      () -> context.execute(() -> onCompleted(current))));
    } catch (RuntimeException e) {
      LOG.warn("watch {}: cannot watch ({})", prefix, EtcdErrors.describe(e));
      rewatchLater();
    }
  }

  private void stopWatcher() {
    generation++;
    Watch.Watcher stopping = watcher;
    watcher = null;
    if (stopping != null) {
      stopping.close();
    }
  }

  private void onResponse(int from, WatchResponse response) {
    if (from != generation || closed) {
      return;
    }
    lastHeardNanos = System.nanoTime();
    silentChecks = 0;
    rewatchFailures = 0;
    silentRewatches = 0;
    if (!response.isProgressNotify()) {
      delivery.changed(response.getEvents());
    }
  }

  private void onError(int from, Throwable error) {
    if (from != generation || closed) {
      return;
    }
    Throwable cause = EtcdErrors.unwrap(error);
    if (cause instanceof CompactedException) {
      LOG.warn(
          "watch {}: etcd compacted revision {} before the watch read revision {}; reading"
              + " everything again",
          prefix,
          ((CompactedException) cause).getCompactedRevision(),
          delivery.nextRevision());
      relist();
    } else if (EtcdErrors.isTransientForWatch(cause)) {
      LOG.info(
          "watch {}: stream broke ({}); watching again from revision {}",
          prefix,
          EtcdErrors.describe(cause),
          delivery.nextRevision());
      context.reconnectNow();
      stopWatcher();
      rewatchLater();
    } else {
      LOG.warn(
          "watch {}: etcd ended the watch ({}); reading everything again",
          prefix,
          EtcdErrors.describe(cause));
      relist();
    }
  }

  private void onCompleted(int from) {
    if (from != generation || closed) {
      return;
    }
    LOG.warn("watch {}: etcd ended the watch; reading everything again", prefix);
    relist();
  }

  private void rewatchLater() {
    long backoff = Math.min(MAX_REWATCH_BACKOFF_MILLIS, 250L << Math.min(rewatchFailures, 5));
    rewatchFailures++;
    try {
      context
          .executor()
          .schedule(
              () -> {
                if (!closed && !suspended && !listing && watcher == null) {
                  openWatcher();
                }
              },
              backoff,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException storeClosed) {
      // Nothing left to watch for.
    }
  }

  /** Asks a quiet watch for a progress notification; watches again after a long silence. */
  private void check() {
    if (closed || suspended || listing || watcher == null) {
      return;
    }
    long interval = context.settings().watchCheckInterval().toNanos();
    if (System.nanoTime() - lastHeardNanos < interval) {
      return;
    }
    silentChecks++;
    if (silentChecks >= SILENT_CHECKS_BEFORE_REWATCH) {
      // Said once per silence: while etcd is away, this repeats every few checks.
      if (silentRewatches++ == 0) {
        LOG.warn(
            "watch {}: nothing from etcd for {} checks; watching again from revision {}",
            prefix,
            silentChecks,
            delivery.nextRevision());
      }
      context.reconnectNow();
      openWatcher();
    } else {
      watcher.requestProgress();
    }
  }
}
