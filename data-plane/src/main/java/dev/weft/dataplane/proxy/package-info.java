/**
 * Proxy: the {@code proxy} network filter. For each downstream stream it runs the stream filters,
 * asks the router for a route, picks a host from the cluster and forwards the request over a pooled
 * upstream stream on the same event loop, then relays the response, with timeouts, retries and
 * circuit breakers. Small pieces: {@link DownstreamRequest} (one request), {@link UpstreamRequest}
 * (one try), {@link RequestBody}, {@link RetryState}.
 *
 * <p>Depends on {@code stream}, {@code protocol}, {@code network}, {@code router}, {@code
 * upstream}, {@code accesslog}, {@code config}, {@code extension} and {@code stats}.
 */
package dev.weft.dataplane.proxy;
