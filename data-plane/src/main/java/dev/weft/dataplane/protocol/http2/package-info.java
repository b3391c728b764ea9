/**
 * HTTP/2 over cleartext (h2c) and gRPC, on Netty's {@code Http2FrameCodec} at frame level (no child
 * channel per stream): streams in both directions, per-stream flow control driven by the
 * protocol-neutral {@code consumed(n)}, GOAWAY handling for pooled upstream connections, gRPC local
 * replies, conversion of other protocols' heads, and h2c by prior knowledge or HTTP/1 {@code
 * Upgrade}.
 *
 * <p>Depends on {@code protocol} (and its {@code http1} codec's upgrade hook), {@code network} and
 * {@code stats}.
 */
package dev.weft.dataplane.protocol.http2;
