package dev.weft.cli.demo;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Why the demo ends: its duration ran out, Ctrl-C, or a failure; the first one wins. */
final class Finish {
  enum Reason {
    DURATION,
    INTERRUPTED,
    FAILED
  }

  /**
   * How it ended; {@code failure} says what went wrong when the reason is {@link Reason#FAILED}.
   */
  record Outcome(Reason reason, Optional<String> failure) {}

  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  void durationOver() {
    outcome.complete(new Outcome(Reason.DURATION, Optional.empty()));
  }

  void interrupted() {
    outcome.complete(new Outcome(Reason.INTERRUPTED, Optional.empty()));
  }

  void fail(Throwable error) {
    outcome.complete(new Outcome(Reason.FAILED, Optional.of(Futures.message(error))));
  }

  boolean isDone() {
    return outcome.isDone();
  }

  CompletableFuture<Outcome> outcome() {
    return outcome;
  }
}
