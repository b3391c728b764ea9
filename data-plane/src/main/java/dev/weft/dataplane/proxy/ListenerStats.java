package dev.weft.dataplane.proxy;

import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Gauge;
import dev.weft.dataplane.stats.Histogram;
import dev.weft.dataplane.stats.MetricSet;
import java.util.Arrays;

/** A listener's request metrics ({@code downstream} set), with MOSN's names, resolved once. */
final class ListenerStats {
  private static final int[] CODES = {
    200, 206, 302, 304, 400, 403, 404, 416, 499, 500, 502, 503, 504
  };

  final Counter requestTotal;
  final Gauge requestActive;
  final Counter requestReset;
  final Counter requestFailed;
  final Histogram requestTime;

  /** By status code 0-599; codes MOSN does not name share {@code request_other_code}. */
  private final Counter[] byCode = new Counter[600];

  private final Counter otherCode;

  ListenerStats(MetricSet set) {
    requestTotal = set.counter("request_total");
    requestActive = set.gauge("request_active");
    requestReset = set.counter("request_reset");
    requestFailed = set.counter("request_failed");
    requestTime = set.histogram("request_time");
    otherCode = set.counter("request_other_code");
    Arrays.fill(byCode, otherCode);
    for (int code : CODES) {
      byCode[code] = set.counter("request_" + code + "_total");
    }
  }

  void responseCode(int code) {
    (code >= 0 && code < byCode.length ? byCode[code] : otherCode).inc();
  }
}
