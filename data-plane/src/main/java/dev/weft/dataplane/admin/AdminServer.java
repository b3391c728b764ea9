package dev.weft.dataplane.admin;

import dev.weft.dataplane.config.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The admin API's HTTP/1 server, on one event loop of its own (thread {@code weft-admin-*}), never
 * on the workers. It uses Java NIO whatever the data plane's transport: admin traffic is small, and
 * this keeps the admin package free of the network layer.
 */
public final class AdminServer implements AutoCloseable {
  /** MOSN's usual admin address, for a process that wants one without config. */
  public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 34901);

  /** Largest request body accepted (log level updates are tiny). */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final HostPort address;
  private final EventLoopGroup group;
  private final Channel channel;

  private AdminServer(HostPort address, EventLoopGroup group, Channel channel) {
    this.address = address;
    this.group = group;
    this.channel = channel;
  }

  /**
   * Binds {@code address} (port 0 picks a free port, see {@link #localAddress}) and serves {@code
   * source}. Resolves the host on the calling thread.
   *
   * @throws AdminBindException naming the admin address when it cannot bind
   */
  public static AdminServer start(HostPort address, AdminSource source) {
    AdminApi api = new AdminApi(source, Optional.of(address), ProcessHandle.current().pid());
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("weft-admin", true), NioIoHandler.newFactory());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("http", new HttpServerCodec())
                        .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast("admin", new AdminHandler(api));
                  }
                });
    ChannelFuture bound;
    try {
      bound = bootstrap.bind(address.toResolved()).awaitUninterruptibly();
    } catch (RuntimeException e) {
      shutdown(group);
      throw new AdminBindException("admin cannot bind " + address + ": " + e.getMessage(), e);
    }
    if (!bound.isSuccess()) {
      shutdown(group);
      Throwable cause = bound.cause();
      String reason =
          cause instanceof BindException || String.valueOf(cause.getMessage()).contains("in use")
              ? "address already in use"
              : String.valueOf(cause.getMessage());
      throw new AdminBindException("admin cannot bind " + address + ": " + reason, cause);
    }
    return new AdminServer(address, group, bound.channel());
  }

  /** The address as configured. */
  public HostPort address() {
    return address;
  }

  /** The bound address (the real port when the config asked for port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Stops accepting, closes open admin connections and stops the admin event loop. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    shutdown(group);
  }

  private static void shutdown(EventLoopGroup group) {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
