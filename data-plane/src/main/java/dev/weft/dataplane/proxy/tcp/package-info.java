/**
 * The {@code tcp_proxy} network filter: L4 forwarding. Each downstream connection picks a cluster
 * (by source or destination address, else the default), a host, and an upstream connection made on
 * the downstream connection's event loop; then bytes are relayed both ways as the buffers that were
 * read, with backpressure by writability, half-close propagation and an idle timeout.
 *
 * <p>Part of the {@code proxy} layer: depends on {@code stream}, {@code network}, {@code upstream},
 * {@code accesslog}, {@code config} and {@code stats}.
 */
package dev.weft.dataplane.proxy.tcp;
