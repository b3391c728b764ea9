package dev.weft.dataplane.filter.fault;

import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stream.FilterCallbacks;
import dev.weft.dataplane.stream.FilterStatus;
import dev.weft.dataplane.stream.ResponseFlag;
import dev.weft.dataplane.stream.StreamFilter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fault injection for one request: a delay held on a timer of the stream's event loop (the loop
 * goes on serving other requests), then possibly an abort answered locally.
 */
final class FaultFilter implements StreamFilter {
  static final String ABORT_BODY = "fault filter abort";

  private final FaultConfig config;
  private final Counter delaysInjected;
  private final Counter abortsInjected;
  private ScheduledFuture<?> delay;
  private boolean destroyed;

  FaultFilter(FaultConfig config, Counter delaysInjected, Counter abortsInjected) {
    this.config = config;
    this.delaysInjected = delaysInjected;
    this.abortsInjected = abortsInjected;
  }

  @Override
  public FilterStatus onRequestHeaders(RequestHead head, FilterCallbacks callbacks) {
    if (!config.matches(head.headers())) {
      return FilterStatus.CONTINUE;
    }
    FaultConfig.Delay wanted = config.delay().orElse(null);
    if (wanted != null && !wanted.fixedDelay().isZero() && chosen(wanted.percentage())) {
      delaysInjected.inc();
      callbacks.info().addFlag(ResponseFlag.DELAY_INJECTED);
      delay =
          callbacks
              .eventLoop()
              .schedule(
                  () -> afterDelay(callbacks), wanted.fixedDelay().toNanos(), TimeUnit.NANOSECONDS);
      return FilterStatus.STOP;
    }
    return abortOrContinue(callbacks);
  }

  private void afterDelay(FilterCallbacks callbacks) {
    delay = null;
    if (destroyed) {
      return;
    }
    if (abortOrContinue(callbacks) == FilterStatus.CONTINUE) {
      callbacks.resume();
    }
  }

  private FilterStatus abortOrContinue(FilterCallbacks callbacks) {
    FaultConfig.Abort abort = config.abort().orElse(null);
    if (abort == null || !chosen(abort.percentage())) {
      return FilterStatus.CONTINUE;
    }
    abortsInjected.inc();
    callbacks.info().addFlag(ResponseFlag.FAULT_INJECTED);
    callbacks.sendLocalReply(
        new LocalReply(LocalReply.Kind.DIRECT, abort.status(), ABORT_BODY, List.of()));
    return FilterStatus.STOP;
  }

  private static boolean chosen(int percentage) {
    return percentage >= 100
        || (percentage > 0 && ThreadLocalRandom.current().nextInt(100) < percentage);
  }

  @Override
  public void onDestroy() {
    destroyed = true;
    if (delay != null) {
      delay.cancel(false);
      delay = null;
    }
  }
}
