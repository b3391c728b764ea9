package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.stream.RequestInfo;

/** Records a finished request. Called on the event loop; must not block it. */
public interface AccessLog {
  AccessLog NONE = (info, request, response) -> {};

  /**
   * @param request null for an L4 connection ({@code tcp_proxy}), which has no request head
   * @param response null when no response head was sent (a local reply, a reset, an L4 connection)
   */
  void log(RequestInfo info, RequestHead request, ResponseHead response);
}
