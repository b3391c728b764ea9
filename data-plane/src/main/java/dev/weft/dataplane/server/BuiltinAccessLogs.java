package dev.weft.dataplane.server;

import dev.weft.dataplane.accesslog.AccessLogFactory;
import dev.weft.dataplane.accesslog.AsyncAccessLogFactory;
import dev.weft.dataplane.stats.Stats;

/** How access logs are opened: one queued writer per destination, counted in {@code stats}. */
final class BuiltinAccessLogs {
  private BuiltinAccessLogs() {}

  static AccessLogFactory create(Stats stats) {
    return new AsyncAccessLogFactory(stats);
  }
}
