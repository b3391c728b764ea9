package dev.weft.dataplane.upstream;

/**
 * Picks a host of a cluster for a request. Built off the event loops for each cluster snapshot and
 * then shared by all of them, so implementations are thread-safe.
 */
public interface LoadBalancer {
  /** A healthy host, or null when there is none. */
  Host choose(LbContext context);
}
