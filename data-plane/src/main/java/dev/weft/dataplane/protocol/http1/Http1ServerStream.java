package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.network.ReadGate;
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
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request/response exchange on a downstream HTTP/1 connection. */
final class Http1ServerStream implements ServerStream {
  private final Http1ServerHandler handler;
  private final Channel channel;
  private final Flusher flusher;
  private final ReadGate gate;
  private final ConnectionInfo connection;
  private final HttpRequest request;
  private final boolean headRequest;
  private ServerStreamListener listener;
  private boolean keepAlive;
  private boolean requestEnded;
  private boolean responseStarted;
  private boolean responseEnded;
  private boolean aborted;

  Http1ServerStream(
      Http1ServerHandler handler,
      Channel channel,
      Flusher flusher,
      ReadGate gate,
      ConnectionInfo connection,
      HttpRequest request) {
    this.handler = handler;
    this.channel = channel;
    this.flusher = flusher;
    this.gate = gate;
    this.connection = connection;
    this.request = request;
    this.headRequest = HttpMethod.HEAD.equals(request.method());
    this.keepAlive = Http1Messages.isKeepAlive(request);
  }

  void start(StreamAcceptor acceptor) {
    boolean noBody =
        !Http1Messages.isChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
    requestEnded = noBody;
    Http1Conversion.stripHopByHop(request.headers(), true);
    listener = acceptor.accept(this);
    listener.onHeaders(new Http1RequestHead(request), noBody);
  }

  boolean requestEnded() {
    return requestEnded;
  }

  void requestContent(HttpContent content) {
    ByteBuf data = content.content();
    boolean last = content instanceof LastHttpContent;
    gate.received(data.readableBytes());
    if (last) {
      requestEnded = true;
      HttpHeaders trailers = ((LastHttpContent) content).trailingHeaders();
      if (!trailers.isEmpty()) {
        listener.onData(data, false);
        if (!aborted) {
          listener.onTrailers(new Http1Headers(trailers));
        }
      } else {
        listener.onData(data, true);
      }
      maybeComplete();
    } else {
      listener.onData(data, false);
    }
  }

  void writabilityChanged(boolean writable) {
    if (!aborted) {
      listener.onWritabilityChanged(writable);
    }
  }

  /** The connection closed or failed under the exchange. */
  void abort(ResetReason reason) {
    if (aborted) {
      return;
    }
    aborted = true;
    if (!(requestEnded && responseEnded)) {
      listener.onReset(reason);
    }
  }

  // ----- ServerStream -----

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public ConnectionInfo connection() {
    return connection;
  }

  @Override
  public void sendHeaders(ResponseHead head, boolean endStream) {
    if (aborted || responseStarted) {
      return;
    }
    responseStarted = true;
    HttpResponse response = Http1Conversion.toResponse(head);
    HttpHeaders headers = response.headers();
    boolean nativeHttp1 = head instanceof Http1ResponseHead;
    Http1Conversion.stripHopByHop(headers, nativeHttp1);
    if (!requestEnded) {
      // Answered before the whole request arrived: the rest of it cannot be skipped reliably.
      keepAlive = false;
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    boolean bodyless = headRequest || !mayHaveBody(response.status().code());
    if (endStream) {
      if (!bodyless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      }
    } else if (!bodyless
        && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)
        && !Http1Messages.isChunked(response)) {
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        keepAlive = false; // the body ends when the connection does
      } else {
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }
    setConnectionHeader(headers);
    flusher.write(channel, response);
    if (endStream) {
      flusher.write(channel, LastHttpContent.EMPTY_LAST_CONTENT);
      responseEnded();
    }
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    if (aborted || responseEnded || !responseStarted) {
      data.release();
      return;
    }
    flusher.write(
        channel, endStream ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
    if (endStream) {
      responseEnded();
    }
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {
    if (aborted || responseEnded || !responseStarted) {
      return;
    }
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    trailers.forEach(
        (name, value) -> {
          if (!name.startsWith(":")) {
            last.trailingHeaders().add(name, value);
          }
        });
    flusher.write(channel, last);
    responseEnded();
  }

  @Override
  public void sendLocalReply(LocalReply reply) {
    if (aborted || responseStarted) {
      return;
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    Http1ResponseHead head =
        new Http1ResponseHead(
            new DefaultHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.httpStatus())));
    HttpHeaders headers = head.netty().headers();
    for (Map.Entry<String, String> header : reply.headers()) {
      headers.add(header.getKey(), header.getValue());
    }
    if (body.length > 0 && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    }
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (body.length == 0 || headRequest) {
      sendHeaders(head, true);
    } else {
      sendHeaders(head, false);
      sendData(channel.alloc().buffer(body.length).writeBytes(body), true);
    }
  }

  @Override
  public void reset(ResetReason reason) {
    if (aborted) {
      return;
    }
    aborted = true;
    keepAlive = false;
    // HTTP/1 has no stream reset: closing the connection is the only way to abort a response.
    channel.close();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void consumed(int bytes) {
    gate.consumed(bytes);
  }

  @Override
  public boolean responseStarted() {
    return responseStarted;
  }

  // ----- helpers -----

  private void responseEnded() {
    responseEnded = true;
    maybeComplete();
  }

  private void maybeComplete() {
    if (responseEnded && (requestEnded || !keepAlive) && !aborted) {
      aborted = true; // no more events for this exchange
      handler.streamComplete(this, keepAlive);
    }
  }

  private void setConnectionHeader(HttpHeaders headers) {
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  private static boolean mayHaveBody(int status) {
    return status >= 200 && status != 204 && status != 304;
  }

  @Override
  public String toString() {
    return "Http1ServerStream[" + request.method() + " " + request.uri() + "]";
  }
}
