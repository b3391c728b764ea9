package dev.weft.dataplane.upstream;

/** Why a pool could not give a request a stream. */
public enum PoolFailure {
  /** The connection could not be established (refused, timed out). */
  CONNECT_FAILURE,
  /** A circuit breaker (connections or pending requests) is full. */
  OVERFLOW,
  /** The host left its cluster while the request waited. */
  HOST_REMOVED
}
