package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import io.netty.buffer.ByteBuf;

/** One request on an upstream HTTP/1 connection, and its response. */
final class Http1ClientStream implements ClientStream {
  private final Http1ClientConnection connection;
  private final ClientStreamListener listener;
  private final Http1Encoder encoder;
  private boolean requestEnded;
  private boolean responseEnded;
  private boolean reusable = true;
  private boolean done;

  Http1ClientStream(Http1ClientConnection connection, ClientStreamListener listener) {
    this.connection = connection;
    this.listener = listener;
    this.encoder = new Http1Encoder(connection.channel(), connection.flusher());
  }

  @Override
  public void sendHeaders(RequestHead head, boolean endStream) {
    if (head instanceof Http1RequestHead) {
      ((Http1RequestHead) head).fields.stripHopByHop(true);
    }
    HeaderMap headers = head.headers();
    int extras = 0;
    if (!endStream && !Http1Encoder.hasContentLength(headers) && !Http1Encoder.isChunked(headers)) {
      extras = Http1Encoder.CHUNKED;
    }
    connection.requestSent(head.method().equals("HEAD"));
    encoder.request(head, extras);
    if (endStream) {
      encoder.end();
      requestEnded();
    }
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    if (done || requestEnded) {
      data.release();
      return;
    }
    encoder.data(data, endStream);
    if (endStream) {
      requestEnded();
    }
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {
    if (done || requestEnded) {
      return;
    }
    encoder.trailers(trailers);
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

  void responseHeaders(Http1ResponseHead response, boolean last) {
    if (done) {
      return;
    }
    if (!response.keepAlive() || (!last && !response.chunked && response.contentLength < 0)) {
      reusable = false; // closing, or the body ends with the connection
    }
    responseEnded = last;
    listener.onHeaders(response, last);
    if (last) {
      maybeEnd();
    }
  }

  void responseContent(ByteBuf data, boolean last) {
    if (done || responseEnded) {
      data.release();
      return;
    }
    connection.gate().received(data.readableBytes());
    if (last) {
      responseEnded = true;
      listener.onData(data, true);
      maybeEnd();
    } else {
      listener.onData(data, false);
    }
  }

  void responseTrailers(Http1Fields trailers) {
    if (done || responseEnded) {
      return;
    }
    responseEnded = true;
    listener.onTrailers(trailers);
    maybeEnd();
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
