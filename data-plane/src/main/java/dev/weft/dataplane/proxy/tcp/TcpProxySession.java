package dev.weft.dataplane.proxy.tcp;

import dev.weft.dataplane.accesslog.AccessLog;
import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.stream.RequestInfo;
import dev.weft.dataplane.stream.ResponseFlag;
import dev.weft.dataplane.upstream.Cluster;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One downstream connection and its upstream connection: the cluster and host choice, connection
 * attempts, the relay both ways, half-closes and the end. Everything runs on the downstream
 * connection's event loop, which the upstream connection shares.
 *
 * <p>Known limit: with Netty 4.2.18's epoll transport, a write that has to wait for socket space on
 * a connection whose input was already shut (the peer half-closed, then reads slowly) fails: the
 * transport removes the socket from epoll when it wants no events, and cannot add it back. The
 * session then resets both connections ({@link #onError()}), so the cut is visible. NIO is not
 * affected.
 */
final class TcpProxySession {
  static final String PROTOCOL = "TCP";

  private final TcpProxyListener listener;
  private final Channel downstream;
  private final RequestInfo info;
  private final List<Host> tried = new ArrayList<>(2);
  private Cluster cluster;
  private Channel upstream;
  private boolean connected;
  private boolean breakerHeld;
  private boolean downstreamInputShut;
  private boolean upstreamInputShut;
  private boolean finished;

  TcpProxySession(TcpProxyListener listener, Channel downstream) {
    this.listener = listener;
    this.downstream = downstream;
    this.info =
        new RequestInfo(
            PROTOCOL,
            new ConnectionInfo(
                (InetSocketAddress) downstream.localAddress(),
                (InetSocketAddress) downstream.remoteAddress()),
            System.nanoTime(),
            System.currentTimeMillis());
  }

  /** The connection is up: choose a cluster and connect to one of its hosts. */
  void start() {
    String name = listener.routes.clusterFor(downstream.remoteAddress(), downstream.localAddress());
    if (name.isEmpty()) {
      listener.stats.noRoute.inc();
      fail(ResponseFlag.NO_ROUTE_FOUND);
      return;
    }
    cluster = listener.clusters.get(name);
    info.setUpstreamCluster(name);
    if (cluster == null) {
      listener.stats.noCluster.inc();
      fail(ResponseFlag.NO_CLUSTER_FOUND);
      return;
    }
    connect();
  }

  private void connect() {
    Host host = cluster.choose(new LbContext(OptionalLong.empty(), Map.of(), Set.copyOf(tried)));
    if (host == null) {
      cluster.stats().noHealthyUpstream.inc();
      listener.stats.noHealthyUpstream.inc();
      fail(ResponseFlag.NO_HEALTHY_UPSTREAM);
      return;
    }
    if (!cluster.circuitBreaker().tryConnection()) {
      cluster.stats().requestOverflow.inc();
      listener.stats.upstreamOverflow.inc();
      fail(ResponseFlag.UPSTREAM_OVERFLOW);
      return;
    }
    breakerHeld = true;
    tried.add(host);
    info.setUpstreamHost(host.addressText());
    cluster.stats().connectionTotal.inc();
    ChannelFuture future =
        new Bootstrap()
            .group(downstream.eventLoop())
            .channel(listener.transport.channelType())
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.max(1, cluster.config().connectTimeout().toMillis()))
            .handler(new UpstreamHandler(this))
            .connect(host.socketAddress());
    upstream = future.channel();
    future.addListener(f -> onConnected(future));
  }

  private void onConnected(ChannelFuture future) {
    if (future.channel() != upstream) {
      return;
    }
    if (!future.isSuccess()) {
      upstream = null;
      releaseBreaker();
      if (finished) {
        return; // the client left while we were connecting
      }
      cluster.stats().connectionConnectFail.inc();
      if (tried.size() < listener.config.maxConnectAttempts()) {
        connect();
      } else {
        listener.stats.connectFailed.inc();
        fail(ResponseFlag.UPSTREAM_CONNECTION_FAILURE);
      }
      return;
    }
    connected = true;
    cluster.stats().connectionActive.inc();
    info.setUpstreamLocalAddress((InetSocketAddress) upstream.localAddress());
    if (finished) {
      upstream.close();
      return;
    }
    downstream.config().setAutoRead(true);
    if (downstreamInputShut) {
      Relay.shutdownOutputAfterFlush(upstream);
    }
  }

  private void fail(ResponseFlag flag) {
    info.addFlag(flag);
    downstream.close();
  }

  // ----- downstream events -----

  void onDownstreamRead(Object msg) {
    if (!connected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    info.addBytesReceived(Relay.forward(downstream, upstream, msg, listener.stats));
  }

  void onDownstreamReadComplete() {
    if (connected) {
      upstream.flush();
    }
  }

  void onDownstreamWritabilityChanged() {
    if (connected && downstream.isWritable()) {
      upstream.config().setAutoRead(true);
    }
  }

  void onDownstreamInputShutdown() {
    downstreamInputShut = true;
    if (connected) {
      Relay.shutdownOutputAfterFlush(upstream);
    }
    closeIfBothShut();
  }

  /**
   * A connection failed (a reset, a write error): cut both with a reset, so that neither peer
   * mistakes a truncated stream for a complete one.
   */
  void onError() {
    Relay.abort(downstream);
    if (upstream != null) {
      Relay.abort(upstream);
    }
  }

  void onIdle() {
    listener.stats.idleTimeout.inc();
    downstream.close();
    if (upstream != null) {
      upstream.close();
    }
  }

  void onDownstreamClosed() {
    if (finished) {
      return;
    }
    // First, so that a connect attempt this close cancels is not retried.
    finished = true;
    if (upstream != null) {
      Relay.closeAfterFlush(upstream);
    }
    info.end(System.nanoTime());
    for (AccessLog log : listener.accessLogs) {
      log.log(info, null, null);
    }
  }

  // ----- upstream events -----

  void onUpstreamRead(Channel channel, Object msg) {
    if (channel != upstream || !connected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    info.addBytesSent(Relay.forward(upstream, downstream, msg, listener.stats));
  }

  void onUpstreamReadComplete(Channel channel) {
    if (channel == upstream) {
      downstream.flush();
    }
  }

  void onUpstreamWritabilityChanged(Channel channel) {
    if (channel == upstream && connected && upstream.isWritable() && !downstreamInputShut) {
      downstream.config().setAutoRead(true);
    }
  }

  void onUpstreamInputShutdown(Channel channel) {
    if (channel != upstream) {
      return;
    }
    upstreamInputShut = true;
    Relay.shutdownOutputAfterFlush(downstream);
    closeIfBothShut();
  }

  void onUpstreamError(Channel channel) {
    if (channel == upstream) {
      onError();
    } else {
      channel.close();
    }
  }

  void onUpstreamClosed(Channel channel) {
    if (channel != upstream) {
      return;
    }
    if (connected) {
      connected = false;
      cluster.stats().connectionActive.dec();
      cluster.stats().connectionClose.inc();
    }
    releaseBreaker();
    Relay.closeAfterFlush(downstream);
  }

  private void closeIfBothShut() {
    if (downstreamInputShut && upstreamInputShut) {
      Relay.closeAfterFlush(upstream);
      Relay.closeAfterFlush(downstream);
    }
  }

  private void releaseBreaker() {
    if (breakerHeld) {
      breakerHeld = false;
      cluster.circuitBreaker().releaseConnection();
    }
  }
}
