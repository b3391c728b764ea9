package dev.weft.dataplane.network;

import dev.weft.dataplane.config.ListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A bound listener: accepts connections on the acceptor loop and hands each to its network filter
 * on a worker loop. Its filter can be replaced while it runs; new connections use the new one.
 */
public final class ListenerRuntime implements AutoCloseable {
  private volatile ListenerConfig config;
  private final EventLoops loops;
  private final ConnectionStats.Counters connectionCounters;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile NetworkFilter filter;
  private Channel serverChannel;

  public ListenerRuntime(ListenerConfig config, NetworkFilter filter, ListenerContext context) {
    this.config = config;
    this.loops = context.loops();
    this.filter = filter;
    this.connectionCounters = new ConnectionStats.Counters(context.stats());
  }

  public String name() {
    return config.name();
  }

  public ListenerConfig config() {
    return config;
  }

  /**
   * Connections from now on use {@code next} (built from {@code config}, which has the same
   * address); open connections keep the filter they started with.
   */
  public void replaceFilter(ListenerConfig config, NetworkFilter next) {
    this.config = config;
    this.filter = next;
  }

  /**
   * Binds the listener's address.
   *
   * @throws ListenerBindException naming the listener and the address
   */
  public void bind() {
    InetSocketAddress address = config.address().toResolved();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops.acceptors(), loops.workers())
            .channel(loops.transport().serverChannelType())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    connections.add(ch);
                    ch.pipeline()
                        .addLast(ConnectionStats.NAME, new ConnectionStats(connectionCounters));
                    config
                        .idleTimeout()
                        .ifPresent(
                            idle -> {
                              ch.pipeline()
                                  .addLast(
                                      "idle",
                                      new IdleStateHandler(
                                          0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
                              ch.pipeline().addLast("close-idle", CLOSE_IDLE);
                            });
                    filter.onNewConnection(ch);
                  }
                });
    ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      Throwable cause = bound.cause();
      String reason =
          cause instanceof BindException || String.valueOf(cause.getMessage()).contains("in use")
              ? "address already in use"
              : String.valueOf(cause.getMessage());
      throw new ListenerBindException(
          "listener '" + config.name() + "' cannot bind " + config.address() + ": " + reason,
          cause);
    }
    serverChannel = bound.channel();
  }

  /** The bound address (useful when the config asked for port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Stops accepting; open connections continue until they close. */
  public void stopAccepting() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
  }

  public int openConnections() {
    return connections.size();
  }

  /**
   * Stops accepting; open connections may finish what they are doing and are closed after {@code
   * grace} (immediately when none are open).
   */
  public void drain(Duration grace) {
    stopAccepting();
    if (connections.isEmpty()) {
      return;
    }
    loops
        .acceptors()
        .schedule(
            () -> {
              connections.close();
            },
            grace.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    stopAccepting();
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private static final ChannelInboundHandlerAdapter CLOSE_IDLE = new CloseIdle();

  /** Closes a connection that saw no traffic for the listener's idle timeout. */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class CloseIdle extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }
  }
}
