package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig.CircuitBreakers;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster's limits on connections, pending requests, requests and retries, counted across every
 * event loop. A limit of 0 means none (as in MOSN). The counts survive cluster updates; the limits
 * come from the latest config.
 */
public final class CircuitBreaker {
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private volatile CircuitBreakers limits;

  public CircuitBreaker(CircuitBreakers limits) {
    this.limits = limits;
  }

  void setLimits(CircuitBreakers limits) {
    this.limits = limits;
  }

  public boolean tryConnection() {
    return tryAcquire(connections, limits.maxConnections());
  }

  public void releaseConnection() {
    connections.decrementAndGet();
  }

  public boolean tryPending() {
    return tryAcquire(pending, limits.maxPendingRequests());
  }

  public void releasePending() {
    pending.decrementAndGet();
  }

  public boolean tryRequest() {
    return tryAcquire(requests, limits.maxRequests());
  }

  public void releaseRequest() {
    requests.decrementAndGet();
  }

  public boolean tryRetry() {
    return tryAcquire(retries, limits.maxRetries());
  }

  public void releaseRetry() {
    retries.decrementAndGet();
  }

  public int connections() {
    return connections.get();
  }

  public int pending() {
    return pending.get();
  }

  public int requests() {
    return requests.get();
  }

  private static boolean tryAcquire(AtomicInteger count, int limit) {
    if (limit <= 0) {
      count.incrementAndGet();
      return true;
    }
    while (true) {
      int current = count.get();
      if (current >= limit) {
        return false;
      }
      if (count.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }
}
