/**
 * The {@code fault} stream filter: MOSN's (and Envoy's) fault injection. It delays a share of the
 * requests on a timer of their event loop, and answers a share with a chosen status instead of
 * forwarding them, marking them {@code DI} and {@code FI} in the access log.
 *
 * <p>Depends on {@code stream}, {@code protocol}, {@code config} and {@code stats}.
 */
package dev.weft.dataplane.filter.fault;
