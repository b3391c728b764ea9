package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.stats.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The downstream HTTP/2 connection, behind Netty's frame codec: each HEADERS frame that opens a
 * stream becomes an {@link Http2ServerStream} handed to the listener's acceptor; the stream's later
 * frames go to it by id.
 */
final class Http2ServerHandler extends Http2Endpoint {
  private final ServerContext context;
  private final IntObjectMap<Http2ServerStream> streams = new IntObjectHashMap<>();
  private ConnectionInfo connection;

  Http2ServerHandler(Http2FrameCodec codec, ServerContext context, Counter protocolErrors) {
    super(codec, context.flusher(), protocolErrors, context.options().initialWindowBytes());
    this.context = context;
  }

  @Override
  protected void handlerAdded0(ChannelHandlerContext ctx) {
    super.handlerAdded0(ctx);
    connection =
        new ConnectionInfo(inet(ctx.channel().localAddress()), inet(ctx.channel().remoteAddress()));
  }

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }

  ConnectionInfo connection() {
    return connection;
  }

  void remove(Http2ServerStream stream) {
    streams.remove(stream.id());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2DataFrame) {
      onData((Http2DataFrame) msg);
    } else if (msg instanceof Http2HeadersFrame) {
      onHeaders((Http2HeadersFrame) msg);
    } else if (msg instanceof Http2ResetFrame) {
      Http2ServerStream stream = streams.remove(((Http2ResetFrame) msg).stream().id());
      if (stream != null) {
        stream.terminated(ResetReason.REMOTE_RESET);
      }
    } else {
      ReferenceCountUtil.release(msg); // SETTINGS, PING, GOAWAY, WINDOW_UPDATE, unknown frames
    }
  }

  private void onHeaders(Http2HeadersFrame frame) {
    Http2FrameStream frameStream = frame.stream();
    Http2ServerStream stream = streams.get(frameStream.id());
    if (stream != null) {
      stream.requestTrailers(frame.headers());
      return;
    }
    Http2Headers headers = frame.headers();
    if (headers.method() == null
        || (headers.path() == null
            && !HttpMethod.CONNECT.asciiName().contentEquals(headers.method()))) {
      resetStream(frameStream, Http2Error.PROTOCOL_ERROR);
      return;
    }
    joinCookies(headers);
    stream = new Http2ServerStream(this, frameStream, headers);
    streams.put(frameStream.id(), stream);
    stream.start(context.acceptor(), frame.isEndStream());
  }

  private void onData(Http2DataFrame frame) {
    Http2FrameStream frameStream = frame.stream();
    Http2ServerStream stream = streams.get(frameStream.id());
    int padding = frame.initialFlowControlledBytes() - frame.content().readableBytes();
    if (stream == null) {
      consume(frameStream, frame.initialFlowControlledBytes());
      frame.release();
      return;
    }
    consume(frameStream, padding);
    stream.requestData(frame.content(), frame.isEndStream());
  }

  /** HTTP/2 may split cookies over several fields; HTTP/1 needs one (RFC 9113 §8.2.3). */
  private static void joinCookies(Http2Headers headers) {
    if (!headers.contains(HttpHeaderNames.COOKIE)) {
      return;
    }
    List<CharSequence> cookies = headers.getAll(HttpHeaderNames.COOKIE);
    if (cookies.size() > 1) {
      headers.set(HttpHeaderNames.COOKIE, String.join("; ", cookies));
    }
  }

  @Override
  void streamEvent(Http2FrameStreamEvent event) {
    Http2FrameStream frameStream = event.stream();
    Http2ServerStream stream = streams.get(frameStream.id());
    if (stream == null) {
      return;
    }
    if (event.type() == Http2FrameStreamEvent.Type.Writability) {
      stream.writabilityChanged(isWritable(frameStream));
    } else if (frameStream.state() == Http2Stream.State.CLOSED) {
      streams.remove(frameStream.id());
      stream.terminated(ResetReason.CONNECTION_TERMINATION);
    }
  }

  @Override
  void streamFailed(Http2FrameStream frameStream, ResetReason reason) {
    Http2ServerStream stream = streams.remove(frameStream.id());
    if (stream != null) {
      stream.terminated(reason);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    List<Http2ServerStream> open = new ArrayList<>(streams.values());
    streams.clear();
    for (Http2ServerStream stream : open) {
      stream.terminated(ResetReason.CONNECTION_TERMINATION);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public String toString() {
    return "Http2ServerHandler[" + (connection == null ? "?" : connection.remoteAddress()) + "]";
  }
}
