package dev.weft.dataplane.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * One request/response exchange on a downstream connection, as the codec offers it to the proxy.
 * Every method must be called on {@link #eventLoop()}.
 *
 * <p>Flow control: each request chunk handed to {@link ServerStreamListener#onData} must be given
 * back with {@link #consumed(int)} once it has left the sidecar; the codec stops reading (HTTP/1)
 * or withholds window updates (HTTP/2) while too many bytes are outstanding.
 */
public interface ServerStream {
  EventLoop eventLoop();

  ConnectionInfo connection();

  /** Sends the response head; a head of another protocol is converted. */
  void sendHeaders(ResponseHead head, boolean endStream);

  /** Sends a body chunk; takes ownership of {@code data}. */
  void sendData(ByteBuf data, boolean endStream);

  /** Sends trailers and ends the response. */
  void sendTrailers(HeaderMap trailers);

  /** Answers with a response the sidecar makes itself, in this protocol's terms. */
  void sendLocalReply(LocalReply reply);

  /** Aborts the exchange: an HTTP/2 RST_STREAM, or closing an HTTP/1 connection. */
  void reset(ResetReason reason);

  /** Whether the downstream connection accepts more writes without buffering. */
  boolean isWritable();

  /** Gives back flow-control credit for request bytes that have been forwarded. */
  void consumed(int bytes);

  /** Whether the response head was sent (after that, errors can only reset). */
  boolean responseStarted();
}
