package dev.weft.dataplane.proxy.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/** Moving bytes from one connection to the other, and ending a connection after its writes. */
final class Relay {
  private Relay() {}

  /**
   * Writes {@code msg} (a buffer as read, not a copy) to {@code to}, unflushed; stops reading
   * {@code from} when {@code to} has more queued than it should. Returns the bytes written.
   */
  static int forward(Channel from, Channel to, Object msg, TcpProxyStats stats) {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg);
      return 0;
    }
    int bytes = ((ByteBuf) msg).readableBytes();
    to.write(msg, to.voidPromise());
    if (!to.isWritable() && from.config().isAutoRead()) {
      from.config().setAutoRead(false);
      stats.readPaused.inc();
    }
    return bytes;
  }

  /**
   * Closes {@code channel} at once with a reset (SO_LINGER 0), so that its peer sees the stream was
   * cut rather than a clean end.
   */
  static void abort(Channel channel) {
    if (channel.isActive()) {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
    }
    channel.close();
  }

  /** Closes {@code channel} once what was written to it is on the wire. */
  static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }

  /**
   * Sends FIN on {@code channel} once what was written to it is on the wire (a half-close); closes
   * it instead where the transport cannot half-close.
   */
  static void shutdownOutputAfterFlush(Channel channel) {
    if (!(channel instanceof DuplexChannel)) {
      closeAfterFlush(channel);
      return;
    }
    channel
        .writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            f -> {
              if (channel.isActive()) {
                ((DuplexChannel) channel).shutdownOutput();
              }
            });
  }
}
