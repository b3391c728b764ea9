package dev.weft.dataplane.proxy;

import dev.weft.dataplane.config.RouteAction.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How many tries a request has left and which failures they cover. As in MOSN, connect failures are
 * retried even without a {@code retry_policy} (three times); statuses, resets and per-try timeouts
 * only when {@code retry_on} is true.
 */
final class RetryState {
  static final int DEFAULT_CONNECT_RETRIES = 3;
  private static final long BASE_BACKOFF_MILLIS = 25;
  private static final long MAX_BACKOFF_MILLIS = 250;

  private final RetryPolicy policy; // null: connect failures only
  private int remaining;
  private int done;

  RetryState(Optional<RetryPolicy> policy) {
    this.policy = policy.orElse(null);
    this.remaining = this.policy == null ? DEFAULT_CONNECT_RETRIES : this.policy.numRetries();
  }

  /** Whether request bodies must be kept for a retry after they were sent. */
  boolean mayRetryAfterSending() {
    return policy != null && policy.retryOnStatus() && remaining > 0;
  }

  Optional<Duration> perTryTimeout() {
    return policy == null ? Optional.empty() : policy.perTryTimeout();
  }

  boolean canRetryConnectFailure() {
    return remaining > 0;
  }

  /** A reset, a lost connection or a per-try timeout after the request was (partly) sent. */
  boolean canRetryAfterSending(boolean replayable) {
    return replayable && mayRetryAfterSending();
  }

  boolean canRetryStatus(int status, boolean replayable) {
    if (!canRetryAfterSending(replayable)) {
      return false;
    }
    return policy.statusCodes().isEmpty() ? status >= 500 : policy.statusCodes().contains(status);
  }

  /** Uses up one retry. */
  void consume() {
    remaining--;
    done++;
  }

  /** How long to wait before the next try: none for connect failures, else jittered backoff. */
  long backoffMillis(boolean connectFailure) {
    if (connectFailure) {
      return 0;
    }
    long ceiling = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(done - 1, 4));
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }
}
