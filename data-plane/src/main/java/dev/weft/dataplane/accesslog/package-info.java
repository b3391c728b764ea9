/**
 * Access logs in MOSN's {@code %variable%} format, written off the event loops.
 *
 * <p>Depends on {@code stream}, {@code protocol} and {@code config}.
 */
package dev.weft.dataplane.accesslog;
