package dev.weft.dataplane.xds;

import io.grpc.ConnectivityState;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the ADS client opens its next stream after one ended: after a jittered backoff, or at once
 * when the channel gets a connection to a control plane meanwhile.
 *
 * <p>gRPC keeps a channel that failed in TRANSIENT_FAILURE until a connection succeeds, and fails
 * every call made before that at once, so the attempt that happens to come just after a control
 * plane is back would fail and the client would wait another backoff, up to 15 s. The channel
 * itself keeps trying in the background, so the client watches it: a channel that was not ready
 * when the stream ended and turns READY means a control plane (a restarted one, or another replica)
 * accepts connections now. A stream that ended while the channel stayed READY (the control plane
 * refused or ended it) waits out its backoff, so a server that ends streams at once is not
 * hammered.
 *
 * <p>All on the client's thread.
 */
final class Reconnects {
  private static final Logger LOG = LoggerFactory.getLogger(AdsClient.class);

  private final ReplicaChannel channel;
  private final ScheduledExecutorService scheduler;
  private final Executor onClientThread;
  private final Backoff backoff;
  private ScheduledFuture<?> next;
  private int round;

  Reconnects(
      ReplicaChannel channel,
      ScheduledExecutorService scheduler,
      Executor onClientThread,
      Backoff backoff) {
    this.channel = channel;
    this.scheduler = scheduler;
    this.onClientThread = onClientThread;
    this.backoff = backoff;
  }

  /** After a stream that worked: the next failure waits about the initial backoff again. */
  void reset() {
    backoff.reset();
  }

  /** Runs {@code connect} after the next backoff delay, or sooner (above); returns the delay. */
  Duration schedule(Runnable connect) {
    int mine = ++round;
    Duration delay = backoff.next();
    next = scheduler.schedule(() -> fire(mine, connect), delay.toNanos(), TimeUnit.NANOSECONDS);
    ConnectivityState now = channel.getState(false);
    if (now != ConnectivityState.READY) {
      watch(mine, now, connect);
    }
    return delay;
  }

  private void watch(int mine, ConnectivityState from, Runnable connect) {
    channel.notifyWhenStateChanged(
        from,
        () ->
            onClientThread.execute(
                () -> {
                  if (mine != round) {
                    return;
                  }
                  ConnectivityState now = channel.getState(false);
                  if (now == ConnectivityState.READY) {
                    LOG.debug("xDS: a control plane accepts connections again; reconnecting now");
                    fire(mine, connect);
                  } else if (now != ConnectivityState.SHUTDOWN) {
                    watch(mine, now, connect);
                  }
                }));
  }

  private void fire(int mine, Runnable connect) {
    if (mine != round) {
      return;
    }
    round++;
    next.cancel(false);
    connect.run();
  }
}
