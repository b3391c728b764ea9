package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.ServerStreamListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A downstream RPC connection: every request frame becomes an {@link RpcServerStream}, many at a
 * time; heartbeats are answered here and never reach the proxy.
 */
final class RpcServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RpcServerHandler.class);

  private final RpcCodec codec;
  private final ServerContext context;
  private final Flusher flusher;
  private final Set<RpcServerStream> active = Collections.newSetFromMap(new IdentityHashMap<>());
  private ChannelHandlerContext ctx;
  private ConnectionInfo connection;

  RpcServerHandler(RpcCodec codec, ServerContext context) {
    this.codec = codec;
    this.context = context;
    this.flusher = context.flusher();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.connection =
        new ConnectionInfo(
            (InetSocketAddress) ctx.channel().localAddress(),
            (InetSocketAddress) ctx.channel().remoteAddress());
  }

  RpcCodec codec() {
    return codec;
  }

  ConnectionInfo connection() {
    return connection;
  }

  ChannelHandlerContext context() {
    return ctx;
  }

  Flusher flusher() {
    return flusher;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof RpcFrame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    RpcFrame frame = (RpcFrame) msg;
    switch (frame.kind()) {
      case HEARTBEAT_REQUEST:
        flusher.write(ctx.channel(), codec.heartbeatResponse(frame, ctx.alloc()));
        frame.release();
        break;
      case REQUEST:
      case ONEWAY_REQUEST:
        accept(frame);
        break;
      default:
        log.debug(
            "dropping a {} {} from client {}",
            codec.name(),
            frame.kind(),
            connection.remoteAddress());
        frame.release();
    }
  }

  private void accept(RpcFrame frame) {
    RpcServerStream stream = new RpcServerStream(this, frame);
    boolean oneway = frame.kind() == RpcFrame.Kind.ONEWAY_REQUEST;
    if (!oneway) {
      active.add(stream);
    }
    ServerStreamListener listener = context.acceptor().accept(stream);
    stream.attach(listener);
    listener.onHeaders(new RpcRequestHead(codec.name(), frame), true);
  }

  void streamDone(RpcServerStream stream) {
    active.remove(stream);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = ctx.channel().isWritable();
    for (RpcServerStream stream : new ArrayList<>(active)) {
      stream.writabilityChanged(writable);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (RpcServerStream stream : new ArrayList<>(active)) {
      stream.abort(ResetReason.CONNECTION_TERMINATION);
    }
    active.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug(
        "{} connection {} failed: {}", codec.name(), connection.remoteAddress(), cause.toString());
    ctx.close();
  }
}
