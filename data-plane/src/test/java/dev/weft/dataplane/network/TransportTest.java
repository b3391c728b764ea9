package dev.weft.dataplane.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TransportTest {

  @Test
  void nativeEpollLoadsOnLinux() {
    // The native jar must match Netty's version exactly; a mismatch silently falls back to NIO.
    assertThat(Transport.epollUnavailabilityCause()).isEmpty();
    assertThat(Transport.best().name()).isEqualTo("epoll");
  }

  @Test
  void anEventLoopGroupNeedsAThread() {
    assertThatThrownBy(() -> Transport.nio().newEventLoopGroup(0, "x"))
        .hasMessageContaining("at least 1 thread");
  }

  static Stream<Transport> transports() {
    return Stream.of(Transport.epoll(), Transport.nio());
  }

  @ParameterizedTest
  @MethodSource("transports")
  void echoesBytesOverLoopbackWithPooledDirectBuffers(Transport transport) throws Exception {
    EventLoopGroup group = transport.newEventLoopGroup(1, "test-" + transport.name());
    try {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(transport.serverChannelType())
              .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
              .childHandler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                      ctx.writeAndFlush(msg); // the buffer is released by the write
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();

      CompletableFuture<String> echoed = new CompletableFuture<>();
      Channel client =
          new Bootstrap()
              .group(group)
              .channel(transport.channelType())
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(
                              new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf in) {
                                  echoed.complete(in.toString(StandardCharsets.UTF_8));
                                }
                              });
                    }
                  })
              .connect(server.localAddress())
              .sync()
              .channel();

      assertThat(client.getClass()).isEqualTo(transport.channelType());
      ByteBuf hello =
          client.alloc().directBuffer().writeBytes("ping".getBytes(StandardCharsets.UTF_8));
      client.writeAndFlush(hello).sync();

      assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("ping");
      client.close().sync();
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
