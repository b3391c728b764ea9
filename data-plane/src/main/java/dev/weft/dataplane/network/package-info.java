/**
 * Network layer: event loops (native epoll or NIO), listeners, connections, network filters, and
 * the write batching and read gating that every codec shares.
 *
 * <p>Depends on Netty, {@code config}, {@code extension} and {@code stats} only; the layers above
 * (protocol, stream, proxy) depend on this one, never the other way round.
 */
package dev.weft.dataplane.network;
