/**
 * HTTP/1.1 codecs working on bytes: a proxy-specific decoder ({@link
 * dev.weft.dataplane.protocol.http1.Http1Decoder}) parses heads into compact objects that keep the
 * received bytes and an index of their fields, hands body data on as slices of the buffers read,
 * and rejects what could be framed two ways (request smuggling); the encoder writes a forwarded
 * head back from its bytes plus the changes made to it. Keep-alive, chunked bodies and trailers,
 * {@code Expect: 100-continue}, pipelined requests answered in order, and 400/414/431/505 for bad
 * requests; a connection's first request may switch to another protocol of the listener with {@code
 * Upgrade} ({@link dev.weft.dataplane.protocol.http1.Http1Upgrade}, used by h2c).
 *
 * <p>Depends on {@code protocol} and {@code network}.
 */
package dev.weft.dataplane.protocol.http1;
