package dev.weft.dataplane.upstream;

/** Why a pool could not give a request a stream. */
public enum PoolFailure {
  /** The connection could not be established (refused, timed out). */
  CONNECT_FAILURE,
  /** A circuit breaker (connections or pending requests) is full. */
  OVERFLOW,
  /**
   * The pool was closed (the sidecar is shutting down) while the request waited. A host that leaves
   * its cluster does not fail its requests: its pool drains and serves them.
   */
  POOL_CLOSED
}
