/**
 * SOFA Bolt v1 ({@code bolt}) and v2 ({@code boltv2}) as {@link
 * dev.weft.dataplane.protocol.rpc.RpcCodec}s: the fixed header read in place, the request ID
 * rewritten in place (with the v2 CRC32 recomputed), SOFA RPC's header map parsed lazily for
 * routing ({@code service}, {@code method}) and re-encoded only when a route changed it, and the
 * frames the sidecar writes itself (heartbeats and their acks, error responses).
 *
 * <p>Depends on {@code protocol} and {@code protocol.rpc}.
 */
package dev.weft.dataplane.protocol.bolt;
