/**
 * Load balancers, registered under MOSN's {@code lb_type} names: round robin, random, weighted
 * round robin, least request, maglev, and Envoy's ring hash. Each is built off the event loops for
 * one cluster snapshot and then shared, read-mostly, by every event loop: picking takes no lock.
 * {@link dev.weft.dataplane.upstream.SubsetLoadBalancer} wraps any of them for clusters with {@code
 * lb_subset_config}; the cluster manager applies it.
 *
 * <p>Every balancer picks only healthy hosts, avoids the hosts a request already tried while
 * another healthy one remains, and returns null when no host is healthy.
 *
 * <p>Depends on {@code upstream} and {@code config}.
 */
package dev.weft.dataplane.upstream.lb;
