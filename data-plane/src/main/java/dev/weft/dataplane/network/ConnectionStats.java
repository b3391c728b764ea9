package dev.weft.dataplane.network;

import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Gauge;
import dev.weft.dataplane.stats.MetricSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts a listener's connections and bytes ({@code downstream} metrics: {@code connection_total},
 * {@code connection_active}, {@code connection_destroy}, {@code bytes_read_total}, {@code
 * bytes_write_total}). Shared by every connection of the listener.
 */
@ChannelHandler.Sharable
public final class ConnectionStats extends ChannelDuplexHandler {
  private final Counter total;
  private final Gauge active;
  private final Counter destroyed;
  private final Counter bytesRead;
  private final Counter bytesWritten;

  public ConnectionStats(MetricSet listener) {
    this.total = listener.counter("connection_total");
    this.active = listener.gauge("connection_active");
    this.destroyed = listener.counter("connection_destroy");
    this.bytesRead = listener.counter("bytes_read_total");
    this.bytesWritten = listener.counter("bytes_write_total");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    total.inc();
    active.inc();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    active.dec();
    destroyed.inc();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    bytesRead.add(size(msg));
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    bytesWritten.add(size(msg));
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf) {
      return ((ByteBuf) msg).readableBytes();
    }
    if (msg instanceof ByteBufHolder) {
      return ((ByteBufHolder) msg).content().readableBytes();
    }
    return 0;
  }
}
