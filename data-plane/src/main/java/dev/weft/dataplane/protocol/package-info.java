/**
 * Protocol layer: codecs and the protocol-neutral stream API they expose. A codec turns bytes on a
 * connection into streams ({@link ServerStream} downstream, {@link ClientStream} upstream) carrying
 * heads, body chunks and trailers, without copying payload bytes.
 *
 * <p>Depends on {@code network}, {@code extension} and {@code stats}. Codecs for each protocol live
 * in sub-packages and are registered as {@link Protocol} extensions.
 */
package dev.weft.dataplane.protocol;
