package dev.weft.dataplane.proxy.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The handler of one upstream connection attempt: hands its events to the session. */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(UpstreamHandler.class);

  private final TcpProxySession session;

  UpstreamHandler(TcpProxySession session) {
    this.session = session;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    session.onUpstreamRead(ctx.channel(), msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    session.onUpstreamReadComplete(ctx.channel());
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    session.onUpstreamWritabilityChanged(ctx.channel());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      session.onUpstreamInputShutdown(ctx.channel());
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.onUpstreamClosed(ctx.channel());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tcp_proxy upstream {} failed: {}", ctx.channel(), String.valueOf(cause));
    session.onUpstreamError(ctx.channel());
  }
}
