package dev.weft.dataplane.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises a connection's protocol from its first bytes, trying the listener's protocols in
 * order, then installs that codec and steps aside; the bytes read so far go to the codec. A
 * connection no protocol recognises is closed.
 */
public final class ProtocolSelector extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ProtocolSelector.class);

  /** Bytes looked at before giving up. */
  private static final int MAX_SNIFF = 64;

  private final List<Protocol> candidates;
  private final ServerContext context;
  private final Runnable onUnknown;

  public ProtocolSelector(List<Protocol> candidates, ServerContext context, Runnable onUnknown) {
    this.candidates = List.copyOf(candidates);
    this.context = context;
    this.onUnknown = onUnknown;
  }

  /** Installs the one protocol directly, or a selector for several. */
  public static void install(
      Channel channel, List<Protocol> protocols, ServerContext context, Runnable onUnknown) {
    if (protocols.size() == 1) {
      protocols.get(0).installServer(channel, context);
    } else {
      channel
          .pipeline()
          .addLast("protocol-selector", new ProtocolSelector(protocols, context, onUnknown));
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    boolean waiting = false;
    for (Protocol protocol : candidates) {
      Detection detection = protocol.detect(in);
      if (detection == Detection.MATCH) {
        select(ctx, protocol);
        return;
      }
      if (detection == Detection.NEED_MORE_DATA) {
        // An earlier protocol needs more bytes: do not let a later, looser one claim the
        // connection.
        waiting = true;
        break;
      }
    }
    if (!waiting || in.readableBytes() >= MAX_SNIFF) {
      log.debug(
          "connection from {} speaks none of {}; closing",
          ctx.channel().remoteAddress(),
          candidates.stream().map(Protocol::name).toList());
      onUnknown.run();
      in.skipBytes(in.readableBytes());
      ctx.close();
    }
  }

  private void select(ChannelHandlerContext ctx, Protocol protocol) {
    protocol.installServer(ctx.channel(), context);
    // Removing this decoder passes the bytes it holds on to the codec just installed after it.
    ctx.pipeline().remove(this);
  }
}
