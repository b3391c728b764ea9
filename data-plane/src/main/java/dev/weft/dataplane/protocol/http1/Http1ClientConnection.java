package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.network.ReadGate;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.ResetReason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream HTTP/1 connection: one request at a time, kept alive for the next one unless either
 * side said {@code Connection: close} or the request limit is reached.
 */
final class Http1ClientConnection extends ChannelInboundHandlerAdapter implements ClientConnection {
  private static final Logger log = LoggerFactory.getLogger(Http1ClientConnection.class);

  private final Channel channel;
  private final ClientConnectionListener pool;
  private final Flusher flusher;
  private final ReadGate gate;
  private final int maxRequests;
  private Http1ClientStream active;
  private int requests;
  private boolean draining;
  private boolean closed;

  Http1ClientConnection(Channel channel, ClientContext context) {
    this.channel = channel;
    this.pool = context.listener();
    this.flusher = context.flusher();
    this.gate = new ReadGate(channel);
    this.maxRequests = context.maxRequests();
  }

  Channel channel() {
    return channel;
  }

  Flusher flusher() {
    return flusher;
  }

  ReadGate gate() {
    return gate;
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public ClientStream newStream(ClientStreamListener listener) {
    if (!canOpenStream()) {
      throw new IllegalStateException("connection " + channel + " cannot take a stream now");
    }
    requests++;
    active = new Http1ClientStream(this, listener);
    return active;
  }

  @Override
  public boolean canOpenStream() {
    return active == null && !draining && !closed && channel.isActive();
  }

  @Override
  public int activeStreams() {
    return active == null ? 0 : 1;
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
    if (active == null) {
      close();
    }
  }

  @Override
  public void close() {
    channel.close();
  }

  /** The active stream finished both ways. */
  void streamEnded(Http1ClientStream stream, boolean reusable) {
    if (stream != active) {
      return;
    }
    active = null;
    if (!reusable || draining || (maxRequests > 0 && requests >= maxRequests)) {
      draining = true;
      close();
    } else {
      pool.onStreamEnded(this);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (active == null) {
      log.debug(
          "unexpected {} on idle upstream connection {}", msg.getClass().getSimpleName(), channel);
      ReferenceCountUtil.release(msg);
      close();
      return;
    }
    if (msg instanceof HttpResponse) {
      HttpResponse response = (HttpResponse) msg;
      if (response.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        active.fail(ResetReason.PROTOCOL_ERROR);
        close();
        return;
      }
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        ReferenceCountUtil.release(msg); // 100 Continue and friends stay hop-by-hop
        return;
      }
      active.responseHeaders(response);
      if (msg instanceof HttpContent && active != null) {
        active.responseContent((HttpContent) msg);
      }
    } else if (msg instanceof HttpContent) {
      HttpContent content = (HttpContent) msg;
      if (content.decoderResult().isFailure()) {
        content.release();
        active.fail(ResetReason.PROTOCOL_ERROR);
        close();
        return;
      }
      active.responseContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (active != null) {
      active.writabilityChanged(channel.isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    if (active != null) {
      Http1ClientStream stream = active;
      active = null;
      stream.fail(ResetReason.CONNECTION_TERMINATION);
    }
    pool.onClosed(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("upstream connection {} failed: {}", channel, cause.toString());
    ctx.close();
  }

  @Override
  public String toString() {
    return "Http1ClientConnection" + channel;
  }
}
