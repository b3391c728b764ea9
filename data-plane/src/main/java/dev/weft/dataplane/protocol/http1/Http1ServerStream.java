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
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request/response exchange on a downstream HTTP/1 connection. The response follows the
 * request's connection rules: HTTP/1.0 clients get {@code Connection: keep-alive} when the
 * connection stays open and an unsized body delimited by closing; HTTP/1.1 clients get an unsized
 * body chunked.
 */
final class Http1ServerStream implements ServerStream {
  private final Http1ServerHandler handler;
  private final Channel channel;
  private final ReadGate gate;
  private final ConnectionInfo connection;
  private final Http1RequestHead request;
  private final Http1Encoder encoder;
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
      Http1RequestHead request) {
    this.handler = handler;
    this.channel = channel;
    this.gate = gate;
    this.connection = connection;
    this.request = request;
    this.encoder = new Http1Encoder(channel, flusher);
    this.keepAlive = request.keepAlive();
  }

  void start(StreamAcceptor acceptor, boolean last) {
    requestEnded = last;
    request.fields.stripHopByHop(true);
    listener = acceptor.accept(this);
    listener.onHeaders(request, last);
  }

  boolean requestEnded() {
    return requestEnded;
  }

  void requestContent(ByteBuf data, boolean last) {
    gate.received(data.readableBytes());
    if (last) {
      requestEnded = true;
      listener.onData(data, true);
      maybeComplete();
    } else {
      listener.onData(data, false);
    }
  }

  void requestTrailers(Http1Fields trailers) {
    requestEnded = true;
    if (!aborted) {
      listener.onTrailers(trailers);
    }
    maybeComplete();
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
    boolean parsed = head instanceof Http1ResponseHead;
    if (parsed) {
      ((Http1ResponseHead) head).fields.stripHopByHop(true);
    }
    if (!requestEnded) {
      // Answered before the whole request arrived: the rest of it cannot be skipped reliably.
      keepAlive = false;
    }
    int status = head.status();
    boolean bodyless = request.isHead() || status < 200 || status == 204 || status == 304;
    HeaderMap headers = head.headers();
    int extras = 0;
    boolean sized = Http1Encoder.hasContentLength(headers);
    if (endStream) {
      if (!bodyless && !sized) {
        if (parsed) {
          headers.remove("transfer-encoding"); // other heads lose it in conversion
        }
        extras |= Http1Encoder.ZERO_LENGTH;
      }
    } else if (!bodyless && !sized && !Http1Encoder.isChunked(headers)) {
      if (request.http10) {
        keepAlive = false; // the body ends when the connection does
      } else {
        extras |= Http1Encoder.CHUNKED;
      }
    }
    if (!keepAlive) {
      extras |= Http1Encoder.CLOSE;
    } else if (request.http10) {
      extras |= Http1Encoder.KEEP_ALIVE;
    }
    encoder.response(head, extras, bodyless);
    if (endStream) {
      encoder.end();
      responseEnded();
    }
  }

  @Override
  public void sendData(ByteBuf data, boolean endStream) {
    if (aborted || responseEnded || !responseStarted) {
      data.release();
      return;
    }
    encoder.data(data, endStream);
    if (endStream) {
      responseEnded();
    }
  }

  @Override
  public void sendTrailers(HeaderMap trailers) {
    if (aborted || responseEnded || !responseStarted) {
      return;
    }
    encoder.trailers(trailers);
    responseEnded();
  }

  @Override
  public void sendLocalReply(LocalReply reply) {
    if (aborted || responseStarted) {
      return;
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    Http1ResponseHead head = Http1ResponseHead.of(reply.httpStatus());
    HeaderMap headers = head.headers();
    for (Map.Entry<String, String> header : reply.headers()) {
      headers.add(header.getKey(), header.getValue());
    }
    if (body.length > 0 && !headers.contains("content-type")) {
      headers.set("content-type", "text/plain; charset=utf-8");
    }
    headers.set("content-length", Integer.toString(body.length));
    if (body.length == 0 || request.isHead()) {
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

  @Override
  public String toString() {
    return "Http1ServerStream[" + request + "]";
  }
}
