package dev.weft.dataplane.network;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Marks the start and end of each read burst for the loop's {@link Flusher}. It sits first in every
 * pipeline, so it sees the raw reads whatever codec runs behind it (and after a codec replaces
 * itself, as HTTP/1 does on an h2c upgrade). Shared by every channel of one loop.
 */
@ChannelHandler.Sharable
public final class ReadBurst extends ChannelInboundHandlerAdapter {
  public static final String NAME = "read-burst";

  private final Flusher flusher;

  public ReadBurst(Flusher flusher) {
    this.flusher = flusher;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    flusher.readBurstStarted();
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete();
    flusher.readBurstEnded();
  }
}
