/**
 * HTTP/1.1 codecs on Netty's {@code HttpServerCodec}/{@code HttpClientCodec}: keep-alive, chunked
 * bodies, {@code Expect: 100-continue}, pipelined requests answered in order, and 400/414/431 for
 * bad requests; a connection's first request may switch to another protocol of the listener with
 * {@code Upgrade} ({@link dev.weft.dataplane.protocol.http1.Http1Upgrade}, used by h2c).
 *
 * <p>Depends on {@code protocol} and {@code network}.
 */
package dev.weft.dataplane.protocol.http1;
