package dev.weft.dataplane.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTP client on one connection: HTTP/1.1 (one request at a time) or h2c by prior knowledge
 * (concurrent streams). Responses are aggregated and copied out, so nothing is left to release.
 */
final class TestClient implements AutoCloseable {
  private static final int MAX_BODY = 32 * 1024 * 1024;

  /** A response; header names lower-case; {@code chunked} when HTTP/1 sent it chunked. */
  record Response(
      int status,
      Map<String, String> headers,
      String body,
      Map<String, String> trailers,
      boolean chunked) {}

  final Wire wire;
  private final InetSocketAddress address;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private CompletableFuture<Response> pending;
  private boolean chunked;

  TestClient(Wire wire, InetSocketAddress address) throws InterruptedException {
    this.wire = wire;
    this.address = address;
    this.channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (wire == Wire.H1) {
                      ch.pipeline()
                          .addLast(
                              new HttpClientCodec(),
                              new ChunkedRecorder(),
                              new HttpObjectAggregator(MAX_BODY),
                              new Completer(null));
                    } else {
                      ch.pipeline()
                          .addLast(
                              Http2FrameCodecBuilder.forClient().build(),
                              new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                  }
                })
            .connect(address)
            .sync()
            .channel();
  }

  boolean isOpen() {
    return channel.isActive();
  }

  Response get(String path, Map<String, String> headers) throws Exception {
    return send("GET", path, headers, new byte[0]);
  }

  Response send(String method, String path, Map<String, String> headers, byte[] body)
      throws Exception {
    return sendAsync(method, path, headers, body).get(30, TimeUnit.SECONDS);
  }

  CompletableFuture<Response> sendAsync(
      String method, String path, Map<String, String> headers, byte[] body) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path, Unpooled.wrappedBuffer(body));
    request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + address.getPort());
    headers.forEach(request.headers()::set);
    if (body.length > 0 || !method.equals("GET")) {
      HttpUtil.setContentLength(request, body.length);
    }
    CompletableFuture<Response> response = new CompletableFuture<>();
    if (wire == Wire.H1) {
      channel
          .eventLoop()
          .execute(
              () -> {
                if (pending != null) {
                  request.release();
                  response.completeExceptionally(new IllegalStateException("HTTP/1 is busy"));
                  return;
                }
                pending = response;
                chunked = false;
                channel.writeAndFlush(request);
              });
      return response;
    }
    request.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
    new Http2StreamChannelBootstrap(channel)
        .handler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                stream
                    .pipeline()
                    .addLast(
                        new Http2StreamFrameToHttpObjectCodec(false),
                        new HttpObjectAggregator(MAX_BODY),
                        new Completer(response));
              }
            })
        .open()
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ((Http2StreamChannel) f.getNow()).writeAndFlush(request);
              } else {
                request.release();
                response.completeExceptionally(f.cause());
              }
            });
    return response;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static Response copy(FullHttpResponse response, boolean chunked) {
    Map<String, String> headers = new TreeMap<>();
    response.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(), e.getValue()));
    Map<String, String> trailers = new TreeMap<>();
    response.trailingHeaders().forEach(e -> trailers.put(e.getKey().toLowerCase(), e.getValue()));
    return new Response(
        response.status().code(),
        headers,
        response.content().toString(StandardCharsets.UTF_8),
        trailers,
        chunked);
  }

  /** Notes whether an HTTP/1 response was chunked, before the aggregator hides it. */
  private final class ChunkedRecorder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpResponse) {
        chunked = HttpUtil.isTransferEncodingChunked((HttpResponse) msg);
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Completes the response's future: a stream's own, or (HTTP/1) the pending one. */
  private final class Completer extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final CompletableFuture<Response> own;

    Completer(CompletableFuture<Response> own) {
      this.own = own;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      CompletableFuture<Response> target = own != null ? own : pending;
      pending = own != null ? pending : null;
      if (target != null) {
        target.complete(copy(response, chunked));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      CompletableFuture<Response> target = own != null ? own : pending;
      if (target != null) {
        target.completeExceptionally(new IllegalStateException("connection closed"));
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      CompletableFuture<Response> target = own != null ? own : pending;
      if (target != null) {
        target.completeExceptionally(cause);
      }
      ctx.close();
    }
  }
}
