package dev.weft.dataplane.server;

import dev.weft.dataplane.accesslog.AccessLogFactory;

/** How access logs are opened. */
final class BuiltinAccessLogs {
  private BuiltinAccessLogs() {}

  static AccessLogFactory create() {
    return AccessLogFactory.NONE;
  }
}
