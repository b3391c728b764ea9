package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.protocol.ServerStream;
import dev.weft.dataplane.protocol.ServerStreamListener;
import dev.weft.dataplane.protocol.StreamAcceptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One stream of a downstream HTTP/2 connection. Request DATA credit goes back to the client only
 * when the proxy calls {@link #consumed(int)}, so a slow upstream holds the client to its window.
 */
final class Http2ServerStream implements ServerStream {
  private final Http2ServerHandler connection;
  private final Http2FrameStream stream;
  private final Http2Headers request;
  private ServerStreamListener listener;
  private boolean requestEnded;
  private boolean responseStarted;
  private boolean responseEnded;

  /** No more listener events: completed, or reset by either side. */
  private boolean done;

  Http2ServerStream(Http2ServerHandler connection, Http2FrameStream stream, Http2Headers request) {
    this.connection = connection;
    this.stream = stream;
    this.request = request;
  }

  int id() {
    return stream.id();
  }

  void start(StreamAcceptor acceptor, boolean endStream) {
    requestEnded = endStream;
    listener = acceptor.accept(this);
    listener.onHeaders(new Http2RequestHead(request), endStream);
    maybeComplete();
  }

  void requestData(ByteBuf data, boolean endStream) {
    if (done || requestEnded) {
      int bytes = data.readableBytes();
      data.release();
      connection.consume(stream, bytes);
      return;
    }
    requestEnded = endStream;
    listener.onData(data, endStream);
    maybeComplete();
  }

  void requestTrailers(Http2Headers trailers) {
    if (done || requestEnded) {
      return;
    }
    requestEnded = true;
    listener.onTrailers(new Http2HeaderMap(trailers));
    maybeComplete();
  }

  void writabilityChanged(boolean writable) {
    if (!done) {
      listener.onWritabilityChanged(writable);
    }
  }

  /** The stream ended early: reset by the client, a stream error, or the connection closed. */
  void terminated(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    if (!(requestEnded && responseEnded)) {
      listener.onReset(reason);
    }
  }

  // ----- ServerStream -----

  @Override
  public EventLoop eventLoop() {
    return connection.channel.eventLoop();
  }

  @Override
  public ConnectionInfo connection() {
    return connection.connection();
  }

  @Override
  public void sendHeaders(ResponseHead head, boolean endStream) {
    if (done || responseStarted) {
      return;
    }
    writeHeaders(Http2Conversion.response(head), endStream);
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    if (done || responseEnded || !responseStarted) {
      data.release();
      return;
    }
    connection.write(new DefaultHttp2DataFrame(data, endStream).stream(stream));
    if (endStream) {
      responseEnded();
    }
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {
    if (done || responseEnded || !responseStarted) {
      return;
    }
    if (trailers.size() == 0) {
      sendData(Unpooled.EMPTY_BUFFER, true);
      return;
    }
    writeHeaders(Http2Conversion.trailers(trailers), true);
  }

  @Override
  public void sendLocalReply(LocalReply reply) {
    if (done || responseStarted) {
      return;
    }
    if (GrpcReplies.isGrpc(request)) {
      writeHeaders(GrpcReplies.trailersOnly(reply), true);
      return;
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    Http2Headers headers = new DefaultHttp2Headers(false);
    headers.status(Integer.toString(reply.httpStatus()));
    for (Map.Entry<String, String> header : reply.headers()) {
      headers.add(Http2HeaderMap.key(header.getKey()), header.getValue());
    }
    if (body.length > 0 && !headers.contains("content-type")) {
      headers.set("content-type", "text/plain; charset=utf-8");
    }
    headers.setInt("content-length", body.length);
    boolean headOnly =
        body.length == 0 || HttpMethod.HEAD.asciiName().contentEquals(request.method());
    writeHeaders(headers, headOnly);
    if (!headOnly) {
      sendData(connection.channel.alloc().buffer(body.length).writeBytes(body), true);
    }
  }

  @Override
  public void reset(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    connection.remove(this);
    connection.resetStream(stream, errorCode(reason));
  }

  @Override
  public boolean isWritable() {
    return connection.isWritable(stream);
  }

  @Override
  public void consumed(int bytes) {
    connection.consume(stream, bytes);
  }

  @Override
  public boolean responseStarted() {
    return responseStarted;
  }

  // ----- helpers -----

  private void writeHeaders(Http2Headers headers, boolean endStream) {
    responseStarted = true;
    connection
        .writeHeaders(stream, headers, endStream)
        .addListener(
            f -> {
              if (!f.isSuccess() && !done) {
                // The headers could not be encoded (too large for the peer, say): give up.
                reset(ResetReason.LOCAL_RESET);
                listener.onReset(ResetReason.LOCAL_RESET);
              }
            });
    if (endStream) {
      responseEnded();
    }
  }

  private void responseEnded() {
    responseEnded = true;
    maybeComplete();
  }

  private void maybeComplete() {
    if (requestEnded && responseEnded && !done) {
      done = true;
      connection.remove(this);
    }
  }

  static Http2Error errorCode(ResetReason reason) {
    switch (reason) {
      case LOCAL_RESET:
        return Http2Error.CANCEL;
      case PROTOCOL_ERROR:
        return Http2Error.PROTOCOL_ERROR;
      case OVERFLOW:
        return Http2Error.ENHANCE_YOUR_CALM;
      default:
        return Http2Error.INTERNAL_ERROR;
    }
  }

  @Override
  public String toString() {
    return "Http2ServerStream[" + stream.id() + " " + request.method() + " " + request.path() + "]";
  }
}
