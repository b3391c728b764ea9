/**
 * Upstream: clusters (immutable snapshots swapped atomically), hosts, load balancers, circuit
 * breakers and connection pools kept per (event loop, host).
 *
 * <p>Depends on {@code protocol}, {@code network}, {@code config}, {@code extension} and {@code
 * stats}. It knows nothing of routes or proxying.
 */
package dev.weft.dataplane.upstream;
