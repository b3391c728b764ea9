package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/** One request on an upstream HTTP/1 connection, and its response. */
final class Http1ClientStream implements ClientStream {
  private final Http1ClientConnection connection;
  private final ClientStreamListener listener;
  private boolean headRequest;
  private boolean requestEnded;
  private boolean responseEnded;
  private boolean reusable = true;
  private boolean done;

  Http1ClientStream(Http1ClientConnection connection, ClientStreamListener listener) {
    this.connection = connection;
    this.listener = listener;
  }

  @Override
  public void sendHeaders(RequestHead head, boolean endStream) {
    HttpRequest request = Http1Conversion.toRequest(head);
    boolean nativeHttp1 = head instanceof Http1RequestHead;
    HttpHeaders headers = request.headers();
    Http1Conversion.stripHopByHop(headers, nativeHttp1);
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    headRequest = HttpMethod.HEAD.equals(request.method());
    if (!endStream
        && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)
        && !Http1Messages.isChunked(request)) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    write(request);
    if (endStream) {
      write(LastHttpContent.EMPTY_LAST_CONTENT);
      requestEnded();
    }
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    if (done || requestEnded) {
      data.release();
      return;
    }
    write(endStream ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
    if (endStream) {
      requestEnded();
    }
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {
    if (done || requestEnded) {
      return;
    }
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    trailers.forEach(
        (name, value) -> {
          if (!name.startsWith(":")) {
            last.trailingHeaders().add(name, value);
          }
        });
    write(last);
    requestEnded();
  }

  @Override
  public void reset(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    // An HTTP/1 exchange cannot be abandoned halfway: the connection goes with it.
    connection.streamEnded(this, false);
  }

  @Override
  public boolean isWritable() {
    return connection.channel().isWritable();
  }

  @Override
  public void consumed(int bytes) {
    connection.gate().consumed(bytes);
  }

  // ----- from the connection -----

  void responseHeaders(HttpResponse response) {
    if (done) {
      return;
    }
    int status = response.status().code();
    boolean noBody =
        headRequest
            || status == 204
            || status == 304
            || (!Http1Messages.isChunked(response)
                && HttpUtil.getContentLength(response, -1L) == 0);
    if (!Http1Messages.isKeepAlive(response)) {
      reusable = false;
    }
    responseEnded = noBody;
    listener.onHeaders(new Http1ResponseHead(response), noBody);
    if (noBody) {
      maybeEnd();
    }
  }

  void responseContent(HttpContent content) {
    if (done || responseEnded) {
      content.release();
      return;
    }
    ByteBuf data = content.content();
    connection.gate().received(data.readableBytes());
    if (content instanceof LastHttpContent) {
      responseEnded = true;
      HttpHeaders trailers = ((LastHttpContent) content).trailingHeaders();
      if (trailers.isEmpty()) {
        listener.onData(data, true);
      } else {
        listener.onData(data, false);
        if (!done) {
          listener.onTrailers(new Http1Headers(trailers));
        }
      }
      maybeEnd();
    } else {
      listener.onData(data, false);
    }
  }

  void writabilityChanged(boolean writable) {
    if (!done) {
      listener.onWritabilityChanged(writable);
    }
  }

  /** The connection failed under this stream. */
  void fail(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    listener.onReset(reason);
  }

  // ----- helpers -----

  private void write(Object message) {
    connection.flusher().write(connection.channel(), message);
  }

  private void requestEnded() {
    requestEnded = true;
    maybeEnd();
  }

  private void maybeEnd() {
    if (responseEnded && !done) {
      if (!requestEnded) {
        reusable = false; // the upstream answered before reading the whole request
      }
      done = true;
      connection.streamEnded(this, reusable);
    }
  }
}
