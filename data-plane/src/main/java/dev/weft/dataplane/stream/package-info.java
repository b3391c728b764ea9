/**
 * Stream layer: what is known about each request as it goes ({@link RequestInfo}, {@link
 * ResponseFlag}), and stream filters, registered extensions that see requests before they are
 * routed and responses before they are sent.
 *
 * <p>Depends on {@code protocol}, {@code config} and {@code extension}.
 */
package dev.weft.dataplane.stream;
