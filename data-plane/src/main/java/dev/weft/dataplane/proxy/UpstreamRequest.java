package dev.weft.dataplane.proxy;

import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.upstream.Cancellable;
import dev.weft.dataplane.upstream.Cluster;
import dev.weft.dataplane.upstream.ConnectionPool;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.PoolCallbacks;
import dev.weft.dataplane.upstream.PoolFailure;
import io.netty.buffer.ByteBuf;

/**
 * One try of a request against one host: waits for a pooled stream, sends the request, and passes
 * the response back to its {@link DownstreamRequest}. Once ended it ignores late events.
 */
final class UpstreamRequest implements ClientStreamListener, PoolCallbacks {
  private final DownstreamRequest parent;
  private final Cluster cluster;
  private final Host host;
  private Cancellable waiting = Cancellable.NONE;
  private ClientStream stream;
  private long startNanos;
  private int status;
  private boolean ended;

  UpstreamRequest(DownstreamRequest parent, Cluster cluster, Host host) {
    this.parent = parent;
    this.cluster = cluster;
    this.host = host;
  }

  Host host() {
    return host;
  }

  void start(ConnectionPool pool) {
    startNanos = System.nanoTime();
    host.requestStarted();
    cluster.stats().requestTotal.inc();
    cluster.stats().requestActive.inc();
    waiting = pool.newStream(cluster, this, this);
  }

  boolean isReady() {
    return stream != null && !ended;
  }

  boolean isWritable() {
    return stream != null && stream.isWritable();
  }

  void sendHeaders(RequestHead head, boolean endStream) {
    stream.sendHeaders(head, endStream);
  }

  void sendData(ByteBuf data, boolean endStream) {
    if (stream == null) {
      data.release();
      return;
    }
    stream.sendData(data, endStream);
  }

  void sendTrailers(HeaderMap trailers) {
    stream.sendTrailers(trailers);
  }

  void consumed(int bytes) {
    if (stream != null) {
      stream.consumed(bytes);
    }
  }

  /** A oneway request went out: this try is complete without a response. */
  void sentOneway() {
    complete();
  }

  /** Abandons this try. */
  void reset() {
    if (ended) {
      return;
    }
    end();
    cluster.stats().requestLocalReset.inc();
    if (status >= 500) {
      // A 5xx response abandoned for a retry is a failed response too.
      cluster.stats().responseFailed.inc();
    }
    if (stream != null) {
      stream.reset(ResetReason.LOCAL_RESET);
    } else {
      waiting.cancel();
    }
  }

  // ----- PoolCallbacks -----

  @Override
  public void onReady(ClientStream stream, Host host) {
    waiting = Cancellable.NONE;
    if (ended) {
      stream.reset(ResetReason.LOCAL_RESET);
      return;
    }
    this.stream = stream;
    parent.onUpstreamReady(this);
  }

  @Override
  public void onFailure(PoolFailure failure, Host host) {
    waiting = Cancellable.NONE;
    if (ended) {
      return;
    }
    end();
    parent.onUpstreamPoolFailure(this, failure);
  }

  // ----- ClientStreamListener -----

  @Override
  public void onHeaders(ResponseHead head, boolean endStream) {
    if (ended) {
      head.release();
      return;
    }
    status = head.status();
    if (endStream) {
      complete();
    }
    parent.onUpstreamHeaders(this, head, endStream);
  }

  @Override
  public void onData(ByteBuf data, boolean endStream) {
    if (ended) {
      data.release();
      return;
    }
    if (endStream) {
      complete();
    }
    parent.onUpstreamData(this, data, endStream);
  }

  @Override
  public void onTrailers(HeaderMap trailers) {
    if (ended) {
      return;
    }
    complete();
    parent.onUpstreamTrailers(this, trailers);
  }

  @Override
  public void onReset(ResetReason reason) {
    if (ended) {
      return;
    }
    end();
    cluster.stats().requestRemoteReset.inc();
    cluster.stats().responseFailed.inc();
    parent.onUpstreamReset(this, reason);
  }

  @Override
  public void onWritabilityChanged(boolean writable) {
    if (!ended) {
      parent.onUpstreamWritabilityChanged(writable);
    }
  }

  /**
   * The response is complete. As in MOSN, a 5xx status (RPC statuses count as their HTTP status) is
   * a failed response: an upstream sidecar's "no healthy upstream" or "connect error" counts.
   */
  private void complete() {
    end();
    (status >= 500 ? cluster.stats().responseFailed : cluster.stats().responseSuccess).inc();
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    host.requestEnded();
    cluster.stats().requestActive.dec();
    cluster.stats().requestDurationTime.recordNanos(System.nanoTime() - startNanos);
  }

  @Override
  public String toString() {
    return "UpstreamRequest[" + cluster.name() + " " + host + "]";
  }
}
