package dev.weft.dataplane.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The socket transport the proxy runs on: native epoll where the platform has it, Java NIO
 * otherwise. Listeners, upstream connections and their event loops all come from one transport so
 * that an upstream connection can live on its downstream connection's loop.
 */
public final class Transport {
  private final String name;
  private final Supplier<IoHandlerFactory> ioHandlerFactory;
  private final Class<? extends ServerSocketChannel> serverChannelType;
  private final Class<? extends SocketChannel> channelType;

  private Transport(
      String name,
      Supplier<IoHandlerFactory> ioHandlerFactory,
      Class<? extends ServerSocketChannel> serverChannelType,
      Class<? extends SocketChannel> channelType) {
    this.name = name;
    this.ioHandlerFactory = ioHandlerFactory;
    this.serverChannelType = serverChannelType;
    this.channelType = channelType;
  }

  /** Native epoll (Linux x86_64 and aarch64), or why it cannot be used here. */
  public static Transport epoll() {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException(
          "native epoll is not available: " + Epoll.unavailabilityCause(),
          Epoll.unavailabilityCause());
    }
    return new Transport(
        "epoll",
        EpollIoHandler::newFactory,
        EpollServerSocketChannel.class,
        EpollSocketChannel.class);
  }

  /** Java NIO, available everywhere. */
  public static Transport nio() {
    return new Transport(
        "nio", NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** Epoll when available, otherwise NIO. */
  public static Transport best() {
    return Epoll.isAvailable() ? epoll() : nio();
  }

  /** Why the best transport is not epoll, if it is not. */
  public static Optional<Throwable> epollUnavailabilityCause() {
    return Optional.ofNullable(Epoll.unavailabilityCause());
  }

  /** The default number of event loops: one per core. */
  public static int defaultEventLoops() {
    return Runtime.getRuntime().availableProcessors();
  }

  public String name() {
    return name;
  }

  /** A group of {@code threads} event loops, named {@code <prefix>-<n>}. */
  public EventLoopGroup newEventLoopGroup(int threads, String threadNamePrefix) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "an event loop group needs at least 1 thread, not " + threads);
    }
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(threadNamePrefix, true), ioHandlerFactory.get());
  }

  public Class<? extends ServerSocketChannel> serverChannelType() {
    return serverChannelType;
  }

  public Class<? extends SocketChannel> channelType() {
    return channelType;
  }

  @Override
  public String toString() {
    return name;
  }
}
