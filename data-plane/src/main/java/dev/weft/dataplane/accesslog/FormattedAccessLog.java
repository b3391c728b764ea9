package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.stream.RequestInfo;

/** An access log: formats the line on the event loop and hands it to its destination's writer. */
final class FormattedAccessLog implements AccessLog {
  private final AccessLogFormat format;
  private final AccessLogWriter writer;

  FormattedAccessLog(AccessLogFormat format, AccessLogWriter writer) {
    this.format = format;
    this.writer = writer;
  }

  @Override
  public void log(RequestInfo info, RequestHead request, ResponseHead response) {
    writer.write(format.format(info, request, response));
  }

  @Override
  public String toString() {
    return "AccessLog[" + writer.name() + " " + format + "]";
  }
}
