package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.network.ReadGate;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.ResetReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream HTTP/1 connection: one request at a time, kept alive for the next one unless either
 * side said {@code Connection: close} or the request limit is reached. Responses are decoded by an
 * {@link Http1Decoder}; interim (1xx) responses stay hop-by-hop and are dropped.
 */
final class Http1ClientConnection extends ChannelInboundHandlerAdapter
    implements ClientConnection, Http1Decoder.Sink {
  private static final Logger log = LoggerFactory.getLogger(Http1ClientConnection.class);

  /** The smallest response head limit upstream, whatever the downstream one is. */
  private static final int MIN_UPSTREAM_HEADER_BYTES = 64 * 1024;

  private final Channel channel;
  private final ClientConnectionListener pool;
  private final Flusher flusher;
  private final ReadGate gate;
  private final int maxRequests;
  private final Http1Decoder decoder;
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
    this.decoder =
        Http1Decoder.forResponses(
            this,
            context.options().maxInitialLineBytes(),
            Math.max(context.options().maxHeaderBytes(), MIN_UPSTREAM_HEADER_BYTES));
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

  /** A request went out; {@code headRequest} when its response can have no body. */
  void requestSent(boolean headRequest) {
    decoder.expectResponse(headRequest);
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
    if (msg instanceof ByteBuf) {
      decoder.feed((ByteBuf) msg);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  // ----- Http1Decoder.Sink -----

  @Override
  public boolean readyForMessage() {
    return true;
  }

  @Override
  public void head(Http1Message message, boolean last) {
    Http1ResponseHead response = (Http1ResponseHead) message;
    if (response.status() < 200) {
      return; // 100 Continue and friends stay hop-by-hop
    }
    if (active == null) {
      log.debug("unexpected response on idle upstream connection {}", channel);
      decoder.stop();
      close();
      return;
    }
    active.responseHeaders(response, last);
  }

  @Override
  public void content(ByteBuf data, boolean last) {
    if (active == null) {
      data.release();
      return;
    }
    active.responseContent(data, last);
  }

  @Override
  public void trailers(Http1Fields trailers) {
    if (active != null) {
      active.responseTrailers(trailers);
    }
  }

  @Override
  public void failed(Http1ParseException cause) {
    log.debug("bad response on upstream connection {}: {}", channel, cause.getMessage());
    if (active != null) {
      active.fail(ResetReason.PROTOCOL_ERROR);
    }
    close();
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
    decoder.inputClosed(); // may end a response delimited by the close
    decoder.stop();
    if (active != null) {
      Http1ClientStream stream = active;
      active = null;
      stream.fail(ResetReason.CONNECTION_TERMINATION);
    }
    pool.onClosed(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    decoder.stop();
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
