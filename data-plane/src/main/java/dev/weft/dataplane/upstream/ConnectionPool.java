package dev.weft.dataplane.upstream;

import dev.weft.dataplane.network.EventLoops;
import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream connections to one host in one protocol, owned by one event loop: requests wait here
 * until a connection can take them. HTTP/1 gets a connection per concurrent request; multiplexing
 * protocols share one.
 */
public final class ConnectionPool implements ClientConnectionListener {
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

  /** A new connection's pipeline starts empty: the protocol adds its codec once it connected. */
  private static final ChannelInitializer<Channel> NO_HANDLERS_YET =
      new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {}
      };

  private final Host host;
  private final Protocol protocol;
  private final EventLoop loop;
  private final EventLoops loops;
  private final Flusher flusher;
  private final Runnable onIdle;
  private final List<ClientConnection> connections = new ArrayList<>();

  /** Single-stream (HTTP/1) connections with nothing to do, most recently used first. */
  private final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();

  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private final IdleClosers idleClosers;
  private Cluster cluster;
  private int connecting;
  private boolean draining;

  ConnectionPool(Host host, Protocol protocol, EventLoop loop, EventLoops loops, Runnable onIdle) {
    this.host = host;
    this.protocol = protocol;
    this.loop = loop;
    this.loops = loops;
    this.flusher = loops.flusher(loop);
    this.onIdle = onIdle;
    this.idleClosers = new IdleClosers(loop);
    // A request that chose a host before it left made this pool: serve it, then go.
    this.draining = host.isRemoved();
  }

  public Host host() {
    return host;
  }

  /**
   * Gets {@code listener} a stream to {@link #host()}: at once when a connection has room, else
   * when one does. Must be called on the pool's event loop.
   */
  public Cancellable newStream(
      Cluster cluster, ClientStreamListener listener, PoolCallbacks callbacks) {
    this.cluster = cluster;
    ClientConnection ready = available();
    if (ready != null) {
      callbacks.onReady(ready.newStream(listener), host);
      return Cancellable.NONE;
    }
    if (!cluster.circuitBreaker().tryPending()) {
      cluster.stats().requestPendingOverflow.inc();
      callbacks.onFailure(PoolFailure.OVERFLOW, host);
      return Cancellable.NONE;
    }
    Waiter waiter = new Waiter(listener, callbacks, cluster);
    waiting.add(waiter);
    connectIfNeeded();
    return waiter;
  }

  /**
   * The host left its clusters: idle connections close now, busy ones once their streams end, and
   * the pool goes once nothing is left. Requests that chose the host before it left (waiting for a
   * connection, or arriving after this, as a retry on the cluster it started with) are still
   * served, on a connection that closes after them, as Envoy's pools drain.
   */
  public void drain() {
    draining = true;
    for (ClientConnection connection : new ArrayList<>(connections)) {
      connection.drain();
    }
    checkIdle();
  }

  /** Closes every connection now. */
  public void close() {
    draining = true;
    failWaiting(waiting.size(), PoolFailure.POOL_CLOSED);
    for (ClientConnection connection : new ArrayList<>(connections)) {
      connection.close();
    }
  }

  public boolean isIdle() {
    return connections.isEmpty() && connecting == 0 && waiting.isEmpty();
  }

  public int connectionCount() {
    return connections.size();
  }

  // ----- ClientConnectionListener -----

  @Override
  public void onStreamEnded(ClientConnection connection) {
    idleClosers.streamEnded(connection);
    if (draining && connection.activeStreams() == 0 && waiting.isEmpty()) {
      connection.close();
      return;
    }
    if (!protocol.multiplexing() && connection.canOpenStream()) {
      idle.push(connection);
    }
    serveWaiting();
  }

  @Override
  public void onClosed(ClientConnection connection) {
    idle.remove(connection);
    idleClosers.closed(connection);
    if (connections.remove(connection)) {
      cluster.circuitBreaker().releaseConnection();
      cluster.stats().connectionActive.dec();
      cluster.stats().connectionClose.inc();
    }
    if (!waiting.isEmpty()) {
      connectIfNeeded();
    }
    checkIdle();
  }

  @Override
  public void onDraining(ClientConnection connection) {
    if (!waiting.isEmpty()) {
      connectIfNeeded();
    }
  }

  // ----- internals -----

  /** Whether a connection could take a stream now, without taking it. */
  private boolean hasAvailable() {
    if (!protocol.multiplexing()) {
      while (!idle.isEmpty() && !idle.peek().canOpenStream()) {
        idle.poll();
      }
      return !idle.isEmpty();
    }
    for (ClientConnection connection : connections) {
      if (connection.canOpenStream()) {
        return true;
      }
    }
    return false;
  }

  /** A connection that can take a stream now (taken off the idle stack), or null. */
  private ClientConnection available() {
    if (!protocol.multiplexing()) {
      // Single-stream connections wait in the idle stack; one that closed meanwhile is skipped.
      for (ClientConnection connection; (connection = idle.poll()) != null; ) {
        if (connection.canOpenStream()) {
          return connection;
        }
      }
      return null;
    }
    for (int i = 0; i < connections.size(); i++) {
      ClientConnection connection = connections.get(i);
      if (connection.canOpenStream()) {
        return connection;
      }
    }
    return null;
  }

  private void serveWaiting() {
    while (!waiting.isEmpty()) {
      ClientConnection connection = available();
      if (connection == null) {
        return;
      }
      Waiter waiter = waiting.poll();
      waiter.cluster.circuitBreaker().releasePending();
      waiter.callbacks.onReady(connection.newStream(waiter.listener), host);
    }
  }

  private void connectIfNeeded() {
    int wanted =
        protocol.multiplexing() ? (hasLiveConnection() ? 0 : 1) : waiting.size() - connecting;
    for (int i = 0; i < wanted; i++) {
      if (!cluster.circuitBreaker().tryConnection()) {
        cluster.stats().requestOverflow.inc();
        if (connecting == 0 && !hasAvailable()) {
          failWaiting(waiting.size(), PoolFailure.OVERFLOW);
        }
        return;
      }
      connect();
    }
  }

  /** Whether a multiplexed connection is open or opening that will take more streams. */
  private boolean hasLiveConnection() {
    if (connecting > 0) {
      return true;
    }
    for (ClientConnection connection : connections) {
      if (connection.isOpen() && !connection.isDraining()) {
        return true;
      }
    }
    return false;
  }

  private void connect() {
    connecting++;
    Cluster settings = cluster;
    settings.stats().connectionTotal.inc();
    Duration connectTimeout = settings.config().connectTimeout();
    ChannelFuture future =
        new Bootstrap()
            .group(loop)
            .channel(loops.transport().channelType())
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
            .handler(NO_HANDLERS_YET)
            .connect(host.socketAddress());
    future.addListener(f -> connected(future, settings));
  }

  private void connected(ChannelFuture future, Cluster settings) {
    connecting--;
    if (!future.isSuccess()) {
      settings.circuitBreaker().releaseConnection();
      settings.stats().connectionConnectFail.inc();
      log.debug("connect to {} failed: {}", host, String.valueOf(future.cause()));
      int uncovered =
          protocol.multiplexing()
              ? (connecting == 0 ? waiting.size() : 0)
              : waiting.size() - connecting;
      failWaiting(Math.max(0, uncovered), PoolFailure.CONNECT_FAILURE);
      checkIdle();
      return;
    }
    Channel channel = future.channel();
    if (draining && waiting.isEmpty()) {
      settings.circuitBreaker().releaseConnection();
      channel.close();
      checkIdle();
      return;
    }
    ClientConnection connection =
        protocol.installClient(
            channel,
            new ClientContext(
                this,
                ProtocolOptions.DEFAULTS,
                flusher,
                settings.config().maxRequestsPerConnection()));
    settings.config().idleTimeout().ifPresent(idle -> idleClosers.arm(connection, idle));
    connections.add(connection);
    if (!protocol.multiplexing()) {
      idle.push(connection);
    }
    settings.stats().connectionActive.inc();
    serveWaiting();
  }

  private void failWaiting(int count, PoolFailure failure) {
    for (int i = 0; i < count && !waiting.isEmpty(); i++) {
      Waiter waiter = waiting.poll();
      waiter.cluster.circuitBreaker().releasePending();
      waiter.callbacks.onFailure(failure, host);
    }
  }

  private void checkIdle() {
    if (draining && isIdle()) {
      onIdle.run();
    }
  }

  /** A request waiting for a connection. */
  private final class Waiter implements Cancellable {
    final ClientStreamListener listener;
    final PoolCallbacks callbacks;
    final Cluster cluster;

    Waiter(ClientStreamListener listener, PoolCallbacks callbacks, Cluster cluster) {
      this.listener = listener;
      this.callbacks = callbacks;
      this.cluster = cluster;
    }

    @Override
    public void cancel() {
      if (waiting.remove(this)) {
        cluster.circuitBreaker().releasePending();
        checkIdle();
      }
    }
  }

  @Override
  public String toString() {
    return "ConnectionPool["
        + host
        + " "
        + protocol.name()
        + " "
        + connections.size()
        + " connections]";
  }
}
