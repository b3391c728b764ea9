package dev.weft.dataplane.upstream;

import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Gauge;
import dev.weft.dataplane.stats.Histogram;
import dev.weft.dataplane.stats.MetricSet;

/** A cluster's {@code upstream} metrics, with MOSN's names, resolved once. */
public final class ClusterStats {
  public final Counter connectionTotal;
  public final Gauge connectionActive;
  public final Counter connectionConnectFail;
  public final Counter connectionClose;
  public final Counter requestTotal;
  public final Gauge requestActive;
  public final Counter requestTimeout;
  public final Counter requestPendingOverflow;
  public final Counter requestOverflow;
  public final Counter requestRetry;
  public final Counter requestRetryOverflow;
  public final Counter requestLocalReset;
  public final Counter requestRemoteReset;
  public final Counter responseSuccess;
  public final Counter responseFailed;
  public final Counter noHealthyUpstream;
  public final Counter lbSubsetsFallback;
  public final Histogram requestDurationTime;

  public ClusterStats(MetricSet set) {
    connectionTotal = set.counter("connection_total");
    connectionActive = set.gauge("connection_active");
    connectionConnectFail = set.counter("connection_con_fail");
    connectionClose = set.counter("connection_close");
    requestTotal = set.counter("request_total");
    requestActive = set.gauge("request_active");
    requestTimeout = set.counter("request_timeout");
    requestPendingOverflow = set.counter("request_pending_overflow");
    requestOverflow = set.counter("request_overflow");
    requestRetry = set.counter("request_retry");
    requestRetryOverflow = set.counter("request_retry_overflow");
    requestLocalReset = set.counter("request_local_reset");
    requestRemoteReset = set.counter("request_remote_reset");
    responseSuccess = set.counter("response_success");
    responseFailed = set.counter("response_failed");
    noHealthyUpstream = set.counter("upstream_rq_no_healthy_host");
    lbSubsetsFallback = set.counter("lb_subsets_fallback");
    requestDurationTime = set.histogram("request_duration_time");
  }
}
