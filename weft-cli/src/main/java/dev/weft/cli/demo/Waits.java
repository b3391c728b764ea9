package dev.weft.cli.demo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Conditions checked again and again on a scheduler until they hold: futures, no blocking. */
final class Waits {
  static final Duration INTERVAL = Duration.ofMillis(100);

  private final ScheduledExecutorService scheduler;

  Waits(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Completes once {@code check} answers true; a check that fails counts as false. Fails with
   * {@code what} and the timeout when it has not held within {@code timeout}.
   */
  CompletableFuture<Void> until(
      String what, Duration timeout, Supplier<CompletableFuture<Boolean>> check) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    attempt(what, timeout, System.nanoTime() + timeout.toNanos(), check, done);
    return done;
  }

  private void attempt(
      String what,
      Duration timeout,
      long deadline,
      Supplier<CompletableFuture<Boolean>> check,
      CompletableFuture<Void> done) {
    if (done.isDone()) {
      return;
    }
    CompletableFuture<Boolean> result;
    try {
      result = check.get();
    } catch (RuntimeException e) {
      result = CompletableFuture.completedFuture(false);
    }
    result.whenComplete(
        (held, error) -> {
          if (error == null && Boolean.TRUE.equals(held)) {
            done.complete(null);
          } else if (System.nanoTime() - deadline >= 0) {
            done.completeExceptionally(
                new DemoException(what + " did not happen within " + timeout.toSeconds() + " s"));
          } else {
            scheduler.schedule(
                () -> attempt(what, timeout, deadline, check, done),
                INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
          }
        });
  }
}
