package dev.weft.dataplane.stream;

import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import java.util.List;

/**
 * The filters of one stream, run in order on the request head and in reverse on the response head.
 * A filter that stops the chain resumes it later through its callbacks.
 */
public final class StreamFilterChain {
  private final List<StreamFilter> filters;
  private int next;

  public StreamFilterChain(List<StreamFilter> filters) {
    this.filters = filters;
  }

  private static final StreamFilterChain EMPTY = new StreamFilterChain(List.of());

  /** A chain without filters; it has no state, so one instance serves every stream. */
  public static StreamFilterChain empty() {
    return EMPTY;
  }

  public boolean isEmpty() {
    return filters.isEmpty();
  }

  /**
   * Runs the request filters not yet run; returns true when all continued (the request may be
   * routed), false when one stopped.
   */
  public boolean onRequestHeaders(RequestHead head, FilterCallbacks callbacks) {
    while (next < filters.size()) {
      StreamFilter filter = filters.get(next++);
      if (filter.onRequestHeaders(head, callbacks) == FilterStatus.STOP) {
        return false;
      }
    }
    return true;
  }

  public void onResponseHeaders(ResponseHead head) {
    for (int i = filters.size() - 1; i >= 0; i--) {
      filters.get(i).onResponseHeaders(head);
    }
  }

  public void onDestroy() {
    for (StreamFilter filter : filters) {
      filter.onDestroy();
    }
  }
}
