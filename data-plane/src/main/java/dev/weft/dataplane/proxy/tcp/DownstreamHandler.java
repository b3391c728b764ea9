package dev.weft.dataplane.proxy.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a downstream connection: hands its events to the connection's session. */
final class DownstreamHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

  private final TcpProxyListener listener;
  private TcpProxySession session;

  DownstreamHandler(TcpProxyListener listener) {
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    session = new TcpProxySession(listener, ctx.channel());
    ctx.fireChannelActive();
    session.start();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (session == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    session.onDownstreamRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (session != null) {
      session.onDownstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (session != null) {
      session.onDownstreamWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (session != null && evt instanceof ChannelInputShutdownEvent) {
      session.onDownstreamInputShutdown();
    } else if (session != null && evt instanceof IdleStateEvent) {
      session.onIdle();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (session != null) {
      session.onDownstreamClosed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tcp_proxy downstream {} failed: {}", ctx.channel(), String.valueOf(cause));
    if (session != null) {
      session.onError();
    } else {
      ctx.close();
    }
  }
}
