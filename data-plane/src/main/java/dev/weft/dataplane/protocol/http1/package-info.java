/**
 * HTTP/1.1 codecs working on bytes: one handler per connection decodes ({@link
 * dev.weft.dataplane.protocol.http1.Http1Decoder}) heads into compact objects that keep the
 * received bytes and an index of their fields, hands body data on as the buffers read (or slices of
 * them), and rejects what two parsers could frame differently; the encoder writes a forwarded head
 * back from its bytes plus the changes made to it, and re-frames chunked bodies without copying
 * them. Keep-alive, chunked bodies and trailers, {@code Expect: 100-continue}, pipelined requests
 * answered in order, and 400/414/431/505 for bad requests; a connection's first request may switch
 * to another protocol of the listener with {@code Upgrade} ({@link
 * dev.weft.dataplane.protocol.http1.Http1Upgrade}, used by h2c).
 *
 * <p>Parsing follows RFC 9112 and agrees with Netty's decoder (which this codec replaced; {@code
 * Http1DifferentialTest} compares them) except on purpose:
 *
 * <ul>
 *   <li>Rejected though Netty accepts them: obsolete line folding; control characters in a request
 *       target; HTTP versions other than 1.0 and 1.1 (505); a lower-case {@code http/}; more than
 *       one space between the parts of a start line; anything but empty lines before a request
 *       line; two Host fields; any Transfer-Encoding but a single {@code chunked} coding (so {@code
 *       gzip, chunked} too: the codings would be lost when re-chunking); and in responses, status
 *       codes outside 100-599, a non-chunked Transfer-Encoding (Netty reads until the close) and
 *       101 (the proxy never asks an upstream to switch).
 *   <li>Accepted though Netty rejects them: repeated equal Content-Length values, which become one
 *       field (RFC 9110 §8.6).
 *   <li>Transfer-Encoding with Content-Length is rejected, not stripped; a too long chunk-size line
 *       gets 400 (Netty: 414); a response to HEAD keeps its Transfer-Encoding (Netty drops it).
 *   <li>Line limits do not depend on how bytes arrive (Netty counts a CR waiting for its LF).
 * </ul>
 *
 * <p>Depends on {@code protocol} and {@code network}.
 */
package dev.weft.dataplane.protocol.http1;
