/**
 * The shared machinery of multiplexed request/response RPC protocols (SOFA Bolt, Dubbo): framing,
 * request-ID rewriting on upstream connections, heartbeats, error replies in the caller's protocol.
 * A protocol supplies an {@link RpcCodec} and its {@link RpcFrame}s; {@link RpcProtocol} turns that
 * into a registered {@link dev.weft.dataplane.protocol.Protocol}.
 *
 * <p>Depends on {@code protocol}, {@code network} and {@code stats}.
 */
package dev.weft.dataplane.protocol.rpc;
