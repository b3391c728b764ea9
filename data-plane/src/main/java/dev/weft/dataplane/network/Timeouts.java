package dev.weft.dataplane.network;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Request timeouts for one event loop, cheaper than a scheduled task each: timeouts of the same
 * length expire in the order they were set, so each length keeps a FIFO list with O(1) insertion
 * and cancellation, and one scheduled task per loop wakes up for the earliest deadline.
 *
 * <p>Used only on its event loop.
 */
public final class Timeouts {
  private final EventLoop loop;
  private final Map<Long, Bucket> buckets = new HashMap<>();
  private final Runnable expire = this::expire;
  private long lastNanos = -1; // the length scheduled last, and its bucket: no lookup (or boxing)
  private Bucket lastBucket; // when requests share one timeout, as they mostly do
  private ScheduledFuture<?> wakeUp;
  private long wakeUpAt;

  public Timeouts(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * Runs {@code action} on the loop after {@code nanos}, unless the returned handle is cancelled.
   */
  public Timeout schedule(long nanos, Runnable action) {
    Bucket bucket = lastBucket;
    if (nanos != lastNanos) {
      bucket = buckets.computeIfAbsent(nanos, Bucket::new);
      lastNanos = nanos;
      lastBucket = bucket;
    }
    Timeout timeout = new Timeout(bucket, System.nanoTime() + nanos, action);
    bucket.append(timeout);
    if (wakeUp == null || timeout.deadline < wakeUpAt) {
      arm(timeout.deadline);
    }
    return timeout;
  }

  private void arm(long deadline) {
    if (wakeUp != null) {
      wakeUp.cancel(false);
    }
    wakeUpAt = deadline;
    wakeUp = loop.schedule(expire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void expire() {
    wakeUp = null;
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    for (Bucket bucket : buckets.values()) {
      Timeout head;
      while ((head = bucket.head) != null && head.deadline <= now) {
        bucket.unlink(head);
        head.action.run();
      }
      if (bucket.head != null) {
        next = Math.min(next, bucket.head.deadline);
      }
    }
    if (next != Long.MAX_VALUE) {
      arm(next);
    }
  }

  /** A pending timeout; {@link #cancel()} is O(1). */
  public static final class Timeout {
    private final Bucket bucket;
    private final long deadline;
    private final Runnable action;
    private Timeout previous;
    private Timeout next;
    private boolean linked;

    Timeout(Bucket bucket, long deadline, Runnable action) {
      this.bucket = bucket;
      this.deadline = deadline;
      this.action = action;
    }

    public void cancel() {
      if (linked) {
        bucket.unlink(this);
      }
    }
  }

  /** The timeouts of one length, oldest first. */
  private static final class Bucket {
    private Timeout head;
    private Timeout tail;

    Bucket(long nanos) {}

    void append(Timeout timeout) {
      timeout.linked = true;
      timeout.previous = tail;
      if (tail == null) {
        head = timeout;
      } else {
        tail.next = timeout;
      }
      tail = timeout;
    }

    void unlink(Timeout timeout) {
      timeout.linked = false;
      if (timeout.previous == null) {
        head = timeout.next;
      } else {
        timeout.previous.next = timeout.next;
      }
      if (timeout.next == null) {
        tail = timeout.previous;
      } else {
        timeout.next.previous = timeout.previous;
      }
      timeout.previous = null;
      timeout.next = null;
    }
  }
}
