/**
 * Access logs in MOSN's {@code %variable%} format ({@link AccessLogFormat}), written off the event
 * loops: each destination has one writer thread fed by a bounded queue, and a line that does not
 * fit is dropped and counted rather than waited for ({@link AsyncAccessLogFactory}).
 *
 * <p>Depends on {@code stream}, {@code protocol}, {@code config} and {@code stats}.
 */
package dev.weft.dataplane.accesslog;
