package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.stats.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server and client sides of an HTTP/2 connection share: frames written through the loop's
 * {@link Flusher}, flow-control credit returned with window-update frames, stream writability, and
 * error handling. A protocol error closes the connection (the frame codec sends GOAWAY); it is
 * logged at debug and counted.
 */
abstract class Http2Endpoint extends Http2ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(Http2Endpoint.class);

  /**
   * The connection window, in stream windows: this many streams may hold a full window of
   * unconsumed bytes before the other streams of the connection stall too.
   */
  static final int CONNECTION_WINDOW_STREAMS = 8;

  final Http2FrameCodec codec;
  final Flusher flusher;
  private final Counter protocolErrors;
  private final int streamWindow;
  ChannelHandlerContext ctx;
  Channel channel;

  /** Writes whose failure needs no handling: the stream was reset or the connection closed. */
  private ChannelPromise quiet;

  Http2Endpoint(Http2FrameCodec codec, Flusher flusher, Counter protocolErrors, int streamWindow) {
    this.codec = codec;
    this.flusher = flusher;
    this.protocolErrors = protocolErrors;
    this.streamWindow = streamWindow;
  }

  @Override
  protected void handlerAdded0(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.channel = ctx.channel();
    this.quiet = new VoidChannelPromise(channel, false);
    Http2Connection connection = codec.connection();
    int current =
        connection.local().flowController().initialWindowSize(connection.connectionStream());
    long target = Math.min(Integer.MAX_VALUE, (long) streamWindow * CONNECTION_WINDOW_STREAMS);
    if (target > current) {
      write(new DefaultHttp2WindowUpdateFrame((int) (target - current)));
    }
  }

  // ----- for streams -----

  void write(Object frame) {
    ctx.write(frame, quiet);
    flusher.markDirty(channel);
  }

  /** Writes a HEADERS frame; the promise tells whether the stream could take it. */
  ChannelPromise writeHeaders(Http2FrameStream stream, Http2Headers headers, boolean endStream) {
    ChannelPromise promise = ctx.newPromise();
    ctx.write(new DefaultHttp2HeadersFrame(headers, endStream).stream(stream), promise);
    flusher.markDirty(channel);
    return promise;
  }

  /** Returns flow-control credit for {@code bytes} of the stream (and of the connection). */
  void consume(Http2FrameStream stream, int bytes) {
    if (bytes > 0 && stream.state() != Http2Stream.State.CLOSED) {
      write(new DefaultHttp2WindowUpdateFrame(bytes).stream(stream));
    }
  }

  /** Resets a stream the codec has open; one it never opened or closed already needs nothing. */
  void resetStream(Http2FrameStream stream, Http2Error error) {
    Http2Stream.State state = stream.state();
    if (state != Http2Stream.State.IDLE && state != Http2Stream.State.CLOSED) {
      write(new DefaultHttp2ResetFrame(error).stream(stream));
    }
  }

  /** Whether the stream can send now: the connection and the peer's windows have room. */
  boolean isWritable(Http2FrameStream stream) {
    Http2Stream http2 = codec.connection().stream(stream.id());
    return http2 == null
        ? channel.isWritable()
        : codec.connection().remote().flowController().isWritable(http2);
  }

  // ----- events -----

  /** A stream's state or writability changed. */
  abstract void streamEvent(Http2FrameStreamEvent event);

  /** The peer broke the protocol on one stream; the stream was reset. */
  abstract void streamFailed(Http2FrameStream stream, ResetReason reason);

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2FrameStreamEvent) {
      streamEvent((Http2FrameStreamEvent) evt);
    } else if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent) {
      // The frame codec turns the upgrading request into stream 1 itself.
      ReferenceCountUtil.release(evt);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException) {
      Http2FrameStreamException error = (Http2FrameStreamException) cause;
      log.debug("{}: stream {} failed: {}", this, error.stream().id(), cause.getMessage());
      resetStream(error.stream(), error.error());
      streamFailed(error.stream(), ResetReason.PROTOCOL_ERROR);
    } else if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
      // The frame codec answers a connection error with GOAWAY and closes the connection.
      protocolErrors.inc();
      log.debug("{}: HTTP/2 protocol error, closing: {}", this, cause.getMessage());
    } else {
      log.debug("{}: connection failed: {}", this, cause.toString());
      ctx.close();
    }
  }
}
