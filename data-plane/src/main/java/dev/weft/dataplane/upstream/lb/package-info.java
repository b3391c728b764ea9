/**
 * Load balancers, registered under MOSN's {@code lb_type} names.
 *
 * <p>Depends on {@code upstream} and {@code config}.
 */
package dev.weft.dataplane.upstream.lb;
