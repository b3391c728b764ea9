package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.stats.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream HTTP/2 connection (prior knowledge), shared by many streams up to the server's {@code
 * SETTINGS_MAX_CONCURRENT_STREAMS}. A GOAWAY stops new streams and tells the pool, which opens a
 * replacement; streams the server never processed fail so the proxy can retry them, and the
 * connection closes when its last stream ends.
 */
final class Http2ClientConnection extends Http2Endpoint implements ClientConnection {
  private static final Logger log = LoggerFactory.getLogger(Http2ClientConnection.class);

  private final ClientConnectionListener pool;
  private final int maxRequests;
  private final IntObjectMap<Http2ClientStream> streams = new IntObjectHashMap<>();
  private int active;
  private int requests;
  private boolean draining;
  private boolean closed;

  Http2ClientConnection(Http2FrameCodec codec, ClientContext context, Counter protocolErrors) {
    super(codec, context.flusher(), protocolErrors, context.options().initialWindowBytes());
    this.pool = context.listener();
    this.maxRequests = context.maxRequests();
  }

  // ----- ClientConnection -----

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
    active++;
    Http2ClientStream stream = new Http2ClientStream(this, newStream(), listener);
    if (maxRequests > 0 && requests >= maxRequests) {
      startDraining();
    }
    return stream;
  }

  @Override
  public boolean canOpenStream() {
    Http2Connection connection = codec.connection();
    return !isDraining()
        && !closed
        && channel.isActive()
        && active < connection.local().maxActiveStreams();
  }

  @Override
  public int activeStreams() {
    return active;
  }

  @Override
  public boolean isOpen() {
    return !closed && channel.isActive();
  }

  @Override
  public boolean isDraining() {
    return draining || codec.connection().goAwayReceived();
  }

  @Override
  public void drain() {
    draining = true;
    if (active == 0) {
      close();
    }
  }

  @Override
  public void close() {
    channel.close();
  }

  // ----- from streams -----

  /** The stream's HEADERS were written: its id is known now. */
  void registered(Http2ClientStream stream) {
    streams.put(stream.id(), stream);
  }

  /**
   * The stream is over for its listener. Its slot frees when the frame codec closes it (the peer
   * counts it until then), or now if the codec never opened it.
   */
  void streamDone(Http2ClientStream stream) {
    if (stream.id() > 0) {
      streams.remove(stream.id());
    }
    if (stream.frameStream().state() == Http2Stream.State.IDLE) {
      slotFreed();
    }
  }

  private void slotFreed() {
    active--;
    if (isDraining() && active == 0) {
      close();
    } else if (!closed) {
      pool.onStreamEnded(this);
    }
  }

  // ----- from the frame codec -----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2DataFrame) {
      Http2DataFrame frame = (Http2DataFrame) msg;
      Http2ClientStream stream = streams.get(frame.stream().id());
      int padding = frame.initialFlowControlledBytes() - frame.content().readableBytes();
      if (stream == null) {
        consume(frame.stream(), frame.initialFlowControlledBytes());
        frame.release();
        return;
      }
      consume(frame.stream(), padding);
      stream.responseData(frame.content(), frame.isEndStream());
    } else if (msg instanceof Http2HeadersFrame) {
      Http2HeadersFrame frame = (Http2HeadersFrame) msg;
      Http2ClientStream stream = streams.get(frame.stream().id());
      if (stream != null) {
        stream.responseHeaders(frame.headers(), frame.isEndStream());
      }
    } else if (msg instanceof Http2ResetFrame) {
      Http2ResetFrame frame = (Http2ResetFrame) msg;
      Http2ClientStream stream = streams.get(frame.stream().id());
      if (stream != null) {
        stream.remoteReset(frame.errorCode());
      }
    } else if (msg instanceof Http2GoAwayFrame) {
      Http2GoAwayFrame frame = (Http2GoAwayFrame) msg;
      log.debug(
          "{}: GOAWAY last-stream-id={} error={}", this, frame.lastStreamId(), frame.errorCode());
      frame.release();
      startDraining();
      if (active == 0) {
        close();
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startDraining() {
    if (!draining) {
      draining = true;
      pool.onDraining(this);
    }
  }

  @Override
  void streamEvent(Http2FrameStreamEvent event) {
    Http2FrameStream frameStream = event.stream();
    Http2ClientStream stream = streams.get(frameStream.id());
    if (event.type() == Http2FrameStreamEvent.Type.Writability) {
      if (stream != null) {
        stream.writabilityChanged(isWritable(frameStream));
      }
    } else if (frameStream.state() == Http2Stream.State.CLOSED) {
      if (stream != null) {
        // Closed without a response: above a GOAWAY's last-stream-id (never processed), or the
        // connection went away.
        Http2Connection connection = codec.connection();
        boolean refused =
            connection.goAwayReceived()
                && frameStream.id() > connection.local().lastStreamKnownByPeer();
        stream.closedUnanswered(refused);
      }
      slotFreed();
    }
  }

  @Override
  void streamFailed(Http2FrameStream frameStream, ResetReason reason) {
    Http2ClientStream stream = streams.get(frameStream.id());
    if (stream != null) {
      stream.fail(reason);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    List<Http2ClientStream> open = new ArrayList<>(streams.values());
    for (Http2ClientStream stream : open) {
      stream.fail(ResetReason.CONNECTION_TERMINATION);
    }
    pool.onClosed(this);
    ctx.fireChannelInactive();
  }

  @Override
  public String toString() {
    return "Http2ClientConnection" + channel;
  }
}
