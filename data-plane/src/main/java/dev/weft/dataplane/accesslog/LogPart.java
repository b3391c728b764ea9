package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.stream.RequestInfo;

/** One piece of a compiled access log format: literal text or the value of a variable. */
@FunctionalInterface
interface LogPart {
  /**
   * Appends this part for one request.
   *
   * @param request null for an L4 connection
   * @param response null when no response head was sent
   */
  void append(StringBuilder out, RequestInfo info, RequestHead request, ResponseHead response);
}
