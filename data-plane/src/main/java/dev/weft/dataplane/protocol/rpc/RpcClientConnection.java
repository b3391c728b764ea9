package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.ResetReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream RPC connection carrying many calls at once. Each call gets a request ID unique on
 * this connection (the client's own IDs would collide across downstream connections); responses
 * find their call by that ID. Idle connections send heartbeats and close after {@value
 * #MAX_MISSED_HEARTBEATS} go unanswered.
 */
final class RpcClientConnection extends ChannelInboundHandlerAdapter implements ClientConnection {
  static final int MAX_MISSED_HEARTBEATS = 3;

  /** Calls in flight on one connection before the pool waits or opens another. */
  static final int MAX_CONCURRENT_CALLS = 65_536;

  private static final Logger log = LoggerFactory.getLogger(RpcClientConnection.class);

  private final RpcCodec codec;
  private final Channel channel;
  private final ClientConnectionListener pool;
  private final Flusher flusher;
  private final LongObjectMap<RpcClientStream> calls = new LongObjectHashMap<>();
  private long lastId;
  private int missedHeartbeats;
  private boolean draining;
  private boolean closed;

  RpcClientConnection(
      RpcCodec codec, Channel channel, ClientConnectionListener pool, Flusher flusher) {
    this.codec = codec;
    this.channel = channel;
    this.pool = pool;
    this.flusher = flusher;
  }

  RpcCodec codec() {
    return codec;
  }

  Channel channel() {
    return channel;
  }

  // ----- ClientConnection -----

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public ClientStream newStream(ClientStreamListener listener) {
    return new RpcClientStream(this, listener);
  }

  @Override
  public boolean canOpenStream() {
    return !draining && !closed && channel.isActive() && calls.size() < MAX_CONCURRENT_CALLS;
  }

  @Override
  public int activeStreams() {
    return calls.size();
  }

  @Override
  public boolean isOpen() {
    return !closed && channel.isActive();
  }

  @Override
  public boolean isDraining() {
    return draining;
  }

  @Override
  public void drain() {
    draining = true;
    if (calls.isEmpty()) {
      close();
    }
  }

  @Override
  public void close() {
    channel.close();
  }

  // ----- calls -----

  /** A request ID no call on this connection uses. */
  long nextId() {
    long max = codec.maxRequestId();
    do {
      lastId = lastId >= max ? 1 : lastId + 1;
    } while (calls.containsKey(lastId));
    return lastId;
  }

  void send(long id, RpcClientStream call, ByteBuf wire) {
    if (call != null) {
      calls.put(id, call);
    }
    flusher.write(channel, wire);
  }

  /** A call that will never be answered (oneway) or was abandoned. */
  void forget(long id, RpcClientStream call) {
    if (calls.get(id) == call) {
      calls.remove(id);
      callEnded();
    }
  }

  void onewaySent() {
    callEnded();
  }

  private void callEnded() {
    if (draining && calls.isEmpty()) {
      close();
    } else {
      pool.onStreamEnded(this);
    }
  }

  // ----- inbound -----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof RpcFrame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    RpcFrame frame = (RpcFrame) msg;
    missedHeartbeats = 0; // any frame shows the peer is alive
    switch (frame.kind()) {
      case RESPONSE:
        RpcClientStream call = calls.remove(frame.requestId());
        if (call == null) {
          log.debug(
              "dropping a {} response to unknown call {} from {}",
              codec.name(),
              frame.requestId(),
              channel);
          frame.release();
          return;
        }
        call.onResponse(frame);
        callEnded();
        break;
      case HEARTBEAT_REQUEST:
        flusher.write(channel, codec.heartbeatResponse(frame, ctx.alloc()));
        frame.release();
        break;
      case OTHER_EVENT:
        boolean drain = codec.drainsConnection(frame);
        frame.release();
        if (drain && !draining) {
          log.info("{} upstream {} asked for no new calls; draining it", codec.name(), channel);
          draining = true;
          pool.onDraining(this);
          if (calls.isEmpty()) {
            close();
          }
        }
        break;
      default:
        frame.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof IdleStateEvent)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (missedHeartbeats >= MAX_MISSED_HEARTBEATS) {
      log.info(
          "closing {} connection {}: {} heartbeats unanswered",
          codec.name(),
          channel,
          missedHeartbeats);
      ctx.close();
      return;
    }
    missedHeartbeats++;
    flusher.write(channel, codec.heartbeatRequest(nextId(), ctx.alloc()));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = channel.isWritable();
    for (RpcClientStream call : new ArrayList<>(calls.values())) {
      call.writabilityChanged(writable);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    // Calls in flight fail now, not at their timeouts; the proxy may retry them elsewhere.
    for (RpcClientStream call : new ArrayList<>(calls.values())) {
      call.fail(ResetReason.CONNECTION_TERMINATION);
    }
    calls.clear();
    pool.onClosed(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{} upstream connection {} failed: {}", codec.name(), channel, cause.toString());
    ctx.close();
  }

  @Override
  public String toString() {
    return "RpcClientConnection[" + codec.name() + " " + channel + " " + calls.size() + " calls]";
  }
}
