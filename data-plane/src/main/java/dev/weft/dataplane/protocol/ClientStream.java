package dev.weft.dataplane.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A request sent upstream on a {@link ClientConnection}. Flow control mirrors {@link ServerStream}:
 * response chunks given to the listener are returned with {@link #consumed(int)}.
 */
public interface ClientStream {
  /** Sends the request head; a head of another protocol is converted. */
  void sendHeaders(RequestHead head, boolean endStream);

  /** Sends a body chunk; takes ownership of {@code data}. */
  void sendData(ByteBuf data, boolean endStream);

  void sendTrailers(HeaderMap trailers);

  /** Abandons the request: RST_STREAM, or closing an HTTP/1 connection mid-exchange. */
  void reset(ResetReason reason);

  boolean isWritable();

  void consumed(int bytes);
}
