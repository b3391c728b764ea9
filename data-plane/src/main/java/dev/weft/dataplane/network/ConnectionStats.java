package dev.weft.dataplane.network;

import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Gauge;
import dev.weft.dataplane.stats.MetricSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * The first handler of every downstream connection: counts the listener's connections and bytes
 * ({@code downstream} metrics: {@code connection_total}, {@code connection_active}, {@code
 * connection_destroy}, {@code bytes_read_total}, {@code bytes_write_total}).
 */
public final class ConnectionStats extends ChannelDuplexHandler {
  public static final String NAME = "connection";

  private final Counters counters;

  public ConnectionStats(Counters counters) {
    this.counters = counters;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    counters.total.inc();
    counters.active.inc();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    counters.active.dec();
    counters.destroyed.inc();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    counters.bytesRead.add(size(msg));
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    counters.bytesWritten.add(size(msg));
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

  /** A listener's connection metrics, resolved once and shared by its connections. */
  public static final class Counters {
    private final Counter total;
    private final Gauge active;
    private final Counter destroyed;
    private final Counter bytesRead;
    private final Counter bytesWritten;

    public Counters(MetricSet listener) {
      this.total = listener.counter("connection_total");
      this.active = listener.gauge("connection_active");
      this.destroyed = listener.counter("connection_destroy");
      this.bytesRead = listener.counter("bytes_read_total");
      this.bytesWritten = listener.counter("bytes_write_total");
    }
  }
}
