package dev.weft.registry.store.etcd;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats an etcd call until it succeeds, fails for good, is no longer wanted, or its caller gave
 * up (completed the result future). Each attempt has a timeout; a timed-out attempt may still
 * commit, so the calls retried must be idempotent. An attempt that times out is not abandoned: the
 * run counts as settled only once every attempt has answered, which lets a {@link WriteQueue} keep
 * an old attempt from landing after a newer write.
 *
 * <p>Everything runs on the store's executor; {@link #run} must be called there.
 */
final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);
  private static final long MIN_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final ScheduledExecutorService executor;
  private final Duration attemptTimeout;

  Retrier(ScheduledExecutorService executor, Duration attemptTimeout) {
    this.executor = executor;
    this.attemptTimeout = attemptTimeout;
  }

  /**
   * Starts the attempts.
   *
   * @param what names the call in logs
   * @param call starts one attempt
   * @param stop the reason to stop trying, or null to go on; checked before each attempt
   * @param permanent failures not worth another attempt
   * @param result completed with the first success or the final failure
   * @return completes once {@code result} is complete and no attempt is still waiting for etcd
   */
  <T> CompletableFuture<Void> run(
      String what,
      Supplier<CompletableFuture<T>> call,
      Supplier<RuntimeException> stop,
      Predicate<Throwable> permanent,
      CompletableFuture<T> result) {
    Run<T> run = new Run<>(what, call, stop, permanent, result);
    run.attempt();
    return run.settled;
  }

  private final class Run<T> {
    private final String what;
    private final Supplier<CompletableFuture<T>> call;
    private final Supplier<RuntimeException> stop;
    private final Predicate<Throwable> permanent;
    private final CompletableFuture<T> result;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private int attempts;
    private int inFlight;
    private boolean retryScheduled;

    Run(
        String what,
        Supplier<CompletableFuture<T>> call,
        Supplier<RuntimeException> stop,
        Predicate<Throwable> permanent,
        CompletableFuture<T> result) {
      this.what = what;
      this.call = call;
      this.stop = stop;
      this.permanent = permanent;
      this.result = result;
    }

    void attempt() {
      if (!result.isDone()) {
        RuntimeException reason = stop.get();
        if (reason != null) {
          result.completeExceptionally(reason);
        }
      }
      if (result.isDone()) {
        settleIfIdle();
        return;
      }
      attempts++;
      inFlight++;
      CompletableFuture<T> attempt;
      try {
        attempt = call.get();
      } catch (RuntimeException e) {
        attempt = CompletableFuture.failedFuture(e);
      }
      boolean[] answered = new boolean[1];
      ScheduledFuture<?> timer =
          schedule(
              () -> {
                if (!answered[0] && !result.isDone()) {
                  LOG.debug("{}: no answer after {}, trying again", what, attemptTimeout);
                  retryLater();
                }
              },
              attemptTimeout.toMillis());
      attempt.whenCompleteAsync(
          (value, error) -> {
            answered[0] = true;
            inFlight--;
            if (timer != null) {
              timer.cancel(false);
            }
            if (error == null) {
              result.complete(value);
            } else if (permanent.test(error)) {
              result.completeExceptionally(EtcdErrors.unwrap(error));
            } else {
              logFailure(error);
              retryLater();
            }
            settleIfIdle();
          },
          executor);
    }

    private void retryLater() {
      if (result.isDone() || retryScheduled) {
        return;
      }
      retryScheduled = true;
      long backoff = Math.min(MAX_BACKOFF_MILLIS, MIN_BACKOFF_MILLIS << Math.min(attempts, 10));
      long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
      ScheduledFuture<?> retry =
          schedule(
              () -> {
                retryScheduled = false;
                attempt();
              },
              jittered);
      if (retry == null) {
        retryScheduled = false;
        result.completeExceptionally(new IllegalStateException("the etcd store is closed"));
      }
    }

    private void settleIfIdle() {
      if (result.isDone() && inFlight == 0 && !retryScheduled) {
        settled.complete(null);
      }
    }

    private void logFailure(Throwable error) {
      // The first failures of a call are routine during an etcd restart; say more as they go on.
      if (attempts >= 4 && Integer.bitCount(attempts) == 1) {
        LOG.warn("{}: attempt {} failed: {}", what, attempts, EtcdErrors.describe(error));
      } else {
        LOG.debug("{}: attempt {} failed: {}", what, attempts, EtcdErrors.describe(error));
      }
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
      try {
        return executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        return null;
      }
    }
  }
}
