package dev.weft.dataplane.protocol;

import io.netty.buffer.ByteBuf;

/** Receives a downstream request's events from the codec; implemented by the proxy. */
public interface ServerStreamListener {
  void onHeaders(RequestHead head, boolean endStream);

  /** A body chunk; ownership passes to the listener, which must release it. */
  void onData(ByteBuf data, boolean endStream);

  /** Trailers end the request. */
  void onTrailers(HeaderMap trailers);

  /** The downstream reset the stream or its connection closed. No more events follow. */
  void onReset(ResetReason reason);

  /** The downstream connection became writable or stopped being so. */
  void onWritabilityChanged(boolean writable);
}
