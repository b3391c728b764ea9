package dev.weft.dataplane.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty upstream speaking HTTP/1.1 or h2c (prior knowledge) that echoes requests: the body is
 * {@code METHOD URI host=HOST body=BODY}; {@code x-meta} comes back as {@code x-meta-echo}; {@code
 * x-trailer} asks for an unsized response with trailer {@code x-trailer-echo}; {@code x-goaway}
 * (HTTP/2) sends GOAWAY after answering; {@code x-hold} is answered only when a request with {@code
 * x-goaway-before} arrives on the same connection, which sends GOAWAY naming the held stream as the
 * last one processed; {@code x-delay-ms} delays the answer. Response header {@code x-upstream-conn}
 * numbers the connection.
 */
final class TestUpstream implements AutoCloseable {
  private static final int MAX_BODY = 32 * 1024 * 1024;
  private static final AttributeKey<Integer> CONN = AttributeKey.valueOf("test-conn");
  private static final AttributeKey<Held> HELD = AttributeKey.valueOf("test-held");

  final Wire wire;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;

  TestUpstream(Wire wire) throws InterruptedException {
    this(wire, 0);
  }

  /** An upstream; for HTTP/2 with {@code maxConcurrentStreams} when positive. */
  TestUpstream(Wire wire, int maxConcurrentStreams) throws InterruptedException {
    this.wire = wire;
    Http2Settings settings = Http2Settings.defaultSettings();
    if (maxConcurrentStreams > 0) {
      settings.maxConcurrentStreams(maxConcurrentStreams);
    }
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    open.add(ch);
                    ch.attr(CONN).set(connections.incrementAndGet());
                    if (wire == Wire.H1) {
                      ch.pipeline()
                          .addLast(
                              new HttpServerCodec(),
                              new HttpObjectAggregator(MAX_BODY),
                              new Echo());
                    } else {
                      ch.pipeline()
                          .addLast(
                              Http2FrameCodecBuilder.forServer()
                                  .initialSettings(settings)
                                  .decoupleCloseAndGoAway(true)
                                  .build(),
                              new Http2MultiplexHandler(
                                  new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel stream) {
                                      stream
                                          .pipeline()
                                          .addLast(
                                              new Http2StreamFrameToHttpObjectCodec(true),
                                              new HttpObjectAggregator(MAX_BODY),
                                              new Echo());
                                    }
                                  }));
                    }
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  int port() {
    return ((java.net.InetSocketAddress) server.localAddress()).getPort();
  }

  /** Connections open now. */
  int openConnections() {
    return open.size();
  }

  /** Closes every accepted connection, as a crashing upstream would. */
  void dropConnections() {
    open.close().awaitUninterruptibly();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    open.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private record Held(ChannelHandlerContext ctx, FullHttpResponse response, int streamId) {}

  private final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      requests.incrementAndGet();
      Channel connection = wire == Wire.H1 ? ctx.channel() : ctx.channel().parent();
      FullHttpResponse response = respond(request, connection.attr(CONN).get());
      if (request.headers().contains("x-hold")) {
        Held held = new Held(ctx, response, ((Http2StreamChannel) ctx.channel()).stream().id());
        connection.attr(HELD).set(held);
        ctx.channel()
            .closeFuture()
            .addListener(
                f -> {
                  if (connection.attr(HELD).compareAndSet(held, null)) {
                    response.release(); // never answered
                  }
                });
        return;
      }
      Held held = connection.attr(HELD).getAndSet(null);
      if (request.headers().contains("x-goaway-before") && held != null) {
        goAway(connection, held.streamId());
        held.ctx().writeAndFlush(held.response());
        response.release(); // this stream was refused by the GOAWAY
        return;
      }
      String delay = request.headers().get("x-delay-ms");
      if (delay != null) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        ctx.executor()
            .schedule(
                () -> {
                  inFlight.decrementAndGet();
                  ctx.writeAndFlush(response);
                },
                Long.parseLong(delay),
                TimeUnit.MILLISECONDS);
        return;
      }
      ctx.writeAndFlush(response);
      if (request.headers().contains("x-goaway") && wire == Wire.H2) {
        goAway(connection, ((Http2StreamChannel) ctx.channel()).stream().id());
      }
    }

    private FullHttpResponse respond(FullHttpRequest request, int connection) {
      String head =
          request.method()
              + " "
              + request.uri()
              + " host="
              + request.headers().get(HttpHeaderNames.HOST)
              + " body=";
      ByteBuf content =
          Unpooled.wrappedBuffer(
              Unpooled.copiedBuffer(head, StandardCharsets.UTF_8), request.content().retain());
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
      response.headers().set("x-upstream-protocol", wire.protocol);
      response.headers().set("x-upstream-conn", connection);
      String meta = request.headers().get("x-meta");
      if (meta != null) {
        response.headers().set("x-meta-echo", meta);
      }
      String trailer = request.headers().get("x-trailer");
      if (trailer != null) {
        response.trailingHeaders().set("x-trailer-echo", trailer);
        if (wire == Wire.H1) {
          HttpUtil.setTransferEncodingChunked(response, true);
        }
      } else {
        HttpUtil.setContentLength(response, content.readableBytes());
      }
      return response;
    }

    private void goAway(Channel connection, int lastStreamId) {
      Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
      ChannelHandlerContext codecCtx = connection.pipeline().context(codec);
      codec.goAway(
          codecCtx,
          lastStreamId,
          Http2Error.NO_ERROR.code(),
          Unpooled.EMPTY_BUFFER,
          codecCtx.newPromise());
      codecCtx.flush();
    }
  }
}
