package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * One request on an upstream HTTP/2 connection, and its response. Response DATA credit goes back to
 * the server only when the proxy calls {@link #consumed(int)}.
 */
final class Http2ClientStream implements ClientStream {
  private final Http2ClientConnection connection;
  private final Http2FrameStream stream;
  private final ClientStreamListener listener;
  private boolean headersSent;
  private boolean dataSent;
  private boolean requestEnded;
  private boolean responseStarted;
  private boolean responseEnded;

  /** No more events: the response completed, or the stream was reset or failed. */
  private boolean done;

  Http2ClientStream(
      Http2ClientConnection connection, Http2FrameStream stream, ClientStreamListener listener) {
    this.connection = connection;
    this.stream = stream;
    this.listener = listener;
  }

  int id() {
    return stream.id();
  }

  Http2FrameStream frameStream() {
    return stream;
  }

  // ----- ClientStream -----

  @Override
  public void sendHeaders(RequestHead head, boolean endStream) {
    if (done || headersSent) {
      return;
    }
    headersSent = true;
    requestEnded = endStream;
    connection
        .writeHeaders(stream, Http2Conversion.request(head), endStream)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                // Not sent (GOAWAY received, no stream ids left, connection closed). Reported on a
                // later turn of the loop: the proxy may still be handing this stream its body.
                connection.eventLoop().execute(this::headersFailed);
              }
            });
    if (stream.id() > 0 && !done) {
      connection.registered(this);
    }
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    if (done || requestEnded || !headersSent) {
      data.release();
      return;
    }
    dataSent = true;
    requestEnded = endStream;
    connection.write(new DefaultHttp2DataFrame(data, endStream).stream(stream));
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {
    if (done || requestEnded || !headersSent) {
      return;
    }
    if (trailers.size() == 0) {
      sendData(Unpooled.EMPTY_BUFFER, true);
      return;
    }
    requestEnded = true;
    connection.writeHeaders(stream, Http2Conversion.trailers(trailers), true);
  }

  @Override
  public void reset(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    connection.resetStream(stream, Http2Error.CANCEL);
    connection.streamDone(this);
  }

  @Override
  public boolean isWritable() {
    return headersSent ? connection.isWritable(stream) : connection.channel.isWritable();
  }

  @Override
  public void consumed(int bytes) {
    if (headersSent) {
      connection.consume(stream, bytes);
    }
  }

  // ----- from the connection -----

  void responseHeaders(Http2Headers headers, boolean endStream) {
    if (done) {
      return;
    }
    if (responseStarted) {
      responseEnded = true;
      listener.onTrailers(new Http2HeaderMap(headers));
      maybeEnd();
      return;
    }
    int status = Http2ResponseHead.parseStatus(headers.status());
    if (status >= 100 && status < 200 && !endStream) {
      return; // 100 Continue and friends stay hop-by-hop
    }
    responseStarted = true;
    responseEnded = endStream;
    listener.onHeaders(new Http2ResponseHead(headers), endStream);
    maybeEnd();
  }

  void responseData(ByteBuf data, boolean endStream) {
    if (done || !responseStarted) {
      int bytes = data.readableBytes();
      data.release();
      connection.consume(stream, bytes);
      return;
    }
    responseEnded = endStream;
    listener.onData(data, endStream);
    maybeEnd();
  }

  void remoteReset(long errorCode) {
    boolean refused =
        errorCode == Http2Error.REFUSED_STREAM.code() && !dataSent && !responseStarted;
    fail(refused ? ResetReason.CONNECTION_FAILURE : ResetReason.REMOTE_RESET);
  }

  /** The stream closed before its response completed. */
  void closedUnanswered(boolean refused) {
    if (refused) {
      // Above the GOAWAY's last-stream-id: the server never saw it, so the proxy may send it again,
      // unless part of its body is gone already.
      fail(dataSent ? ResetReason.REMOTE_RESET : ResetReason.CONNECTION_FAILURE);
    } else {
      fail(ResetReason.CONNECTION_TERMINATION);
    }
  }

  private void headersFailed() {
    // A stream the codec opened regardless must be closed to free its slot.
    connection.resetStream(stream, Http2Error.CANCEL);
    // Retryable when nothing else of the request is lost with the stream.
    fail(dataSent ? ResetReason.REMOTE_RESET : ResetReason.CONNECTION_FAILURE);
  }

  void writabilityChanged(boolean writable) {
    if (!done) {
      listener.onWritabilityChanged(writable);
    }
  }

  void fail(ResetReason reason) {
    if (done) {
      return;
    }
    done = true;
    connection.streamDone(this);
    listener.onReset(reason);
  }

  private void maybeEnd() {
    if (!responseEnded || done) {
      return;
    }
    done = true;
    if (!requestEnded) {
      // The server answered before the whole request was sent: stop sending it.
      connection.resetStream(stream, Http2Error.CANCEL);
    }
    connection.streamDone(this);
  }

  @Override
  public String toString() {
    return "Http2ClientStream[" + stream.id() + "]";
  }
}
