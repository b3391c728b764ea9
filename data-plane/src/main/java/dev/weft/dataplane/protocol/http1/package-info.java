/**
 * HTTP/1.1 codecs on Netty's {@code HttpServerCodec}/{@code HttpClientCodec}: keep-alive, chunked
 * bodies, {@code Expect: 100-continue}, pipelined requests answered in order, and 400/414/431 for
 * bad requests.
 *
 * <p>Depends on {@code protocol} and {@code network}.
 */
package dev.weft.dataplane.protocol.http1;
