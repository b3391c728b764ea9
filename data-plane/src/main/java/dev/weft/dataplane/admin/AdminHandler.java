package dev.weft.dataplane.admin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an aggregated HTTP/1 request into an {@link AdminRequest}, asks the {@link AdminApi} and
 * writes its answer. Runs on the admin event loop; the request is released by {@link
 * SimpleChannelInboundHandler} and the response buffer by the encoder.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

  private final AdminApi api;

  AdminHandler(AdminApi api) {
    this.api = api;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      write(ctx, AdminResponse.text(400, "malformed HTTP request"), false);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    AdminRequest adminRequest =
        new AdminRequest(
            request.method().name(),
            uri.path(),
            uri.parameters(),
            request.content().toString(StandardCharsets.UTF_8));
    AdminResponse response;
    try {
      response = api.handle(adminRequest);
    } catch (RuntimeException e) {
      log.warn("admin {} {} failed", request.method(), request.uri(), e);
      response = AdminResponse.text(500, "internal error: " + e);
    }
    write(ctx, response, HttpUtil.isKeepAlive(request));
  }

  private static void write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
    ByteBuf body = ctx.alloc().buffer();
    body.writeCharSequence(response.body(), StandardCharsets.UTF_8);
    FullHttpResponse http =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), body);
    http.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    response.headers().forEach((name, value) -> http.headers().set(name, value));
    if (keepAlive) {
      http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(http);
    } else {
      http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
