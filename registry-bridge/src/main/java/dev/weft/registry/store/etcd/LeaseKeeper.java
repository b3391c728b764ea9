package dev.weft.registry.store.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.options.LeaseOption;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews one session's lease with {@code keepAliveOnce} every third of its TTL, and says when etcd
 * no longer knows the lease. It does not use jetcd's {@code keepAlive}: that gives up for good once
 * a TTL passes without an answer (across an etcd restart, say) and never says so.
 *
 * <p>The lease counts as lost when a renewal answers "not found" (TTL 0), or when renewals have
 * failed for longer than the TTL and {@code timeToLive} then says it is gone. Runs on the store's
 * executor.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final StoreContext context;
  private final String sessionId;
  private final LongConsumer onLost;
  private final Lease leases;
  private long leaseId;
  private long lastRenewedNanos;
  private boolean probing;
  private boolean stopped;
  private ScheduledFuture<?> task;

  /**
   * @param onLost called on the executor with the id of a lease etcd no longer has
   */
  LeaseKeeper(StoreContext context, String sessionId, LongConsumer onLost) {
    this.context = context;
    this.sessionId = sessionId;
    this.onLost = onLost;
    this.leases = context.client().getLeaseClient();
  }

  /** Renews {@code lease} from now on. */
  void renew(long lease) {
    if (stopped) {
      return;
    }
    leaseId = lease;
    lastRenewedNanos = System.nanoTime();
    if (task == null) {
      long period = Math.max(1, context.ttlSeconds() * 1000 / 3);
      try {
        task =
            context
                .executor()
                .scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        stopped = true;
      }
    }
  }

  /** Stops renewing for good: the lease runs out after its TTL unless revoked. */
  void stop() {
    stopped = true;
    if (task != null) {
      task.cancel(false);
    }
  }

  private void tick() {
    if (stopped || leaseId == 0) {
      return;
    }
    long lease = leaseId;
    leases
        .keepAliveOnce(lease)
        .orTimeout(context.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync(
            (response, error) -> {
              if (stopped || lease != leaseId) {
                return;
              }
              if (error == null) {
                lastRenewedNanos = System.nanoTime();
              } else if (EtcdErrors.isLeaseNotFound(error)) {
                lost(lease, "a renewal answered that etcd has no such lease");
              } else {
                context.reconnectNow();
                LOG.debug(
                    "session {}: renewing lease {} failed: {}",
                    sessionId,
                    Long.toHexString(lease),
                    EtcdErrors.describe(error));
                if (System.nanoTime() - lastRenewedNanos > context.ttlSeconds() * 1_000_000_000L) {
                  probe(lease);
                }
              }
            },
            context.executor());
  }

  /** Renewals have failed for a whole TTL: ask etcd whether the lease still exists. */
  private void probe(long lease) {
    if (probing) {
      return;
    }
    probing = true;
    leases
        .timeToLive(lease, LeaseOption.DEFAULT)
        .orTimeout(context.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync(
            (response, error) -> {
              probing = false;
              if (stopped || lease != leaseId) {
                return;
              }
              if (error == null && response.getTTL() <= 0) {
                lost(lease, "timeToLive says it expired");
              } else if (error != null && EtcdErrors.isLeaseNotFound(error)) {
                lost(lease, "timeToLive answered that etcd has no such lease");
              }
            },
            context.executor());
  }

  private void lost(long lease, String why) {
    LOG.warn("session {}: lease {} is gone ({})", sessionId, Long.toHexString(lease), why);
    leaseId = 0;
    onLost.accept(lease);
  }
}
