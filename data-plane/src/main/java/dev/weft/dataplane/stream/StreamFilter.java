package dev.weft.dataplane.stream;

import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;

/** A filter on one request, created per stream by its {@link StreamFilterFactory}. */
public interface StreamFilter {
  /** Sees the request head before it is routed; may change it, answer it, or hold it. */
  FilterStatus onRequestHeaders(RequestHead head, FilterCallbacks callbacks);

  /** Sees the response head before it is sent downstream; may change it. */
  default void onResponseHeaders(ResponseHead head) {}

  /** The stream ended; release anything held (timers). */
  default void onDestroy() {}
}
