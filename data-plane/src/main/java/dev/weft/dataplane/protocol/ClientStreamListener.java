package dev.weft.dataplane.protocol;

import io.netty.buffer.ByteBuf;

/** Receives an upstream response's events; implemented by the proxy. */
public interface ClientStreamListener {
  void onHeaders(ResponseHead head, boolean endStream);

  /** A body chunk; ownership passes to the listener. */
  void onData(ByteBuf data, boolean endStream);

  void onTrailers(HeaderMap trailers);

  /** The stream failed; no more events follow. */
  void onReset(ResetReason reason);

  void onWritabilityChanged(boolean writable);
}
