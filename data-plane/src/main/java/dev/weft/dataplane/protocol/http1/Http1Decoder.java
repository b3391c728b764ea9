package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ProtocolOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;

/**
 * Turns the bytes of one HTTP/1 connection into messages for a {@link Sink}: heads parsed from the
 * bytes, body data as retained slices of the buffers read, or the buffer itself when the body takes
 * all the rest of it (never copied), trailers. Requests (server) or responses (client); the body
 * framing follows RFC 9112 §6.3.
 *
 * <p>A server decoder parses a request only when its sink is ready for one: requests pipelined
 * behind an unfinished exchange stay unparsed, in the buffers they came in, until {@link #resume}.
 * A client decoder is told each request's method ({@link #expectResponse}) so that it knows a
 * response to HEAD has no body, and skips interim (1xx) responses' framing.
 *
 * <p>Malformed input fails the decoder for good: the sink hears {@link Sink#failed} once and every
 * byte after is dropped.
 */
final class Http1Decoder {
  /** Receives what a decoder finds. */
  interface Sink {
    /** Whether the next message may be parsed now (a server answers requests one at a time). */
    boolean readyForMessage();

    /** A head; {@code last} when no body follows. */
    void head(Http1Message head, boolean last);

    /**
     * Body bytes the sink must release: a slice of a buffer read, or that buffer itself (its rest);
     * {@code last} ends the message.
     */
    void content(ByteBuf data, boolean last);

    /** Trailers, which end the message. */
    void trailers(Http1Fields trailers);

    void failed(Http1ParseException cause);
  }

  private enum State {
    HEAD,
    FIXED,
    UNTIL_CLOSE,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    DETACHED,
    FAILED
  }

  private final boolean server;
  private final Sink sink;
  private final Http1Block head;
  private final Http1Block trailers;
  private final Http1ChunkLine chunkLine;
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>(2);
  private State state = State.HEAD;
  private long remaining;
  private boolean decoding;
  private long headRequests; // client: one bit per request awaiting its response, oldest first
  private int awaiting;

  private Http1Decoder(boolean server, Sink sink, int maxStartLine, int maxFields) {
    this.server = server;
    this.sink = sink;
    this.head = new Http1Block(maxStartLine, maxFields, true);
    this.trailers = new Http1Block(-1, maxFields, false);
    this.chunkLine = new Http1ChunkLine(maxStartLine);
  }

  static Http1Decoder forRequests(Sink sink, ProtocolOptions options) {
    return new Http1Decoder(true, sink, options.maxInitialLineBytes(), options.maxHeaderBytes());
  }

  static Http1Decoder forResponses(Sink sink, int maxStartLine, int maxFields) {
    return new Http1Decoder(false, sink, maxStartLine, maxFields);
  }

  /** Decodes {@code in}, which this decoder now owns. */
  void feed(ByteBuf in) {
    if (state == State.FAILED) {
      in.release();
      return;
    }
    held.add(in);
    if (!decoding) {
      drain();
    }
  }

  /** Parses requests held back while the sink was not ready. */
  void resume() {
    if (!decoding && !held.isEmpty() && state == State.HEAD) {
      drain();
    }
  }

  /** Client: a request was sent; its response has no body if it is a HEAD request. */
  void expectResponse(boolean headRequest) {
    if (awaiting == Long.SIZE) {
      throw new IllegalStateException("too many requests awaiting a response");
    }
    if (headRequest) {
      headRequests |= 1L << awaiting;
    }
    awaiting++;
  }

  /** Client: the connection closed; a body delimited by the close ends here. */
  void inputClosed() {
    if (state == State.UNTIL_CLOSE) {
      state = State.HEAD;
      sink.content(Unpooled.EMPTY_BUFFER, true);
    } else if (state == State.HEAD && head.inProgress()) {
      fail(Http1ParseException.bad("connection closed in the middle of a head"));
    }
  }

  /** Stops decoding for good: later bytes are dropped. */
  void stop() {
    state = State.FAILED;
    release();
  }

  /** Stops decoding and hands over the bytes not decoded yet (after a protocol switch). */
  ByteBuf detach() {
    state = State.DETACHED;
    if (held.isEmpty()) {
      return Unpooled.EMPTY_BUFFER;
    }
    if (held.size() == 1) {
      return held.poll();
    }
    CompositeByteBuf rest = Unpooled.compositeBuffer(held.size());
    for (ByteBuf buf; (buf = held.poll()) != null; ) {
      rest.addComponent(true, buf);
    }
    return rest;
  }

  /** Bytes received but not decoded yet. */
  int heldBytes() {
    int bytes = 0;
    for (ByteBuf buf : held) {
      bytes += buf.readableBytes();
    }
    return bytes;
  }

  /** Releases the bytes held; for a closed connection. */
  void release() {
    for (ByteBuf buf; (buf = held.poll()) != null; ) {
      buf.release();
    }
  }

  private void drain() {
    decoding = true;
    try {
      for (ByteBuf buf; (buf = held.peek()) != null; ) {
        boolean stopped = decode(buf);
        if (held.peek() == buf && !buf.isReadable()) { // (unless handed over or released)
          held.poll().release();
        }
        if (stopped) {
          return;
        }
      }
    } finally {
      decoding = false;
    }
  }

  /** Decodes what it can of {@code buf}; returns true when decoding must stop for now. */
  private boolean decode(ByteBuf buf) {
    try {
      while (buf.isReadable()) {
        switch (state) {
          case HEAD:
            if (!sink.readyForMessage()) {
              return true;
            }
            byte[] block = head.read(buf);
            if (block == null) {
              return false;
            }
            onHead(block);
            break;
          case FIXED:
          case CHUNK_DATA:
            int length = (int) Math.min(remaining, buf.readableBytes());
            remaining -= length;
            boolean last = remaining == 0 && state == State.FIXED;
            if (remaining == 0) {
              state = last ? State.HEAD : State.CHUNK_END;
            }
            if (length == buf.readableBytes()) {
              handOver(buf, last);
              return state == State.DETACHED || state == State.FAILED;
            }
            sink.content(buf.readRetainedSlice(length), last);
            break;
          case UNTIL_CLOSE:
            handOver(buf, false);
            return state == State.DETACHED || state == State.FAILED;
          case CHUNK_SIZE:
            long size = chunkLine.read(buf);
            if (size < 0) {
              return false;
            }
            remaining = size;
            state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
            break;
          case CHUNK_END:
            if (chunkLine.readDataEnd(buf)) {
              state = State.CHUNK_SIZE;
            }
            break;
          case TRAILERS:
            byte[] section = trailers.read(buf);
            if (section == null) {
              return false;
            }
            Http1Fields fields = Http1Parser.trailers(section, trailers.fieldLines());
            state = State.HEAD;
            if (fields.size() == 0) {
              sink.content(Unpooled.EMPTY_BUFFER, true);
            } else {
              sink.trailers(fields);
            }
            break;
          default: // DETACHED, FAILED
            return true;
        }
      }
      return state == State.DETACHED || state == State.FAILED;
    } catch (Http1ParseException e) {
      buf.skipBytes(buf.readableBytes());
      fail(e);
      return true;
    }
  }

  /**
   * Gives the sink the rest of {@code buf}, the buffer at the head of the queue, as body data: the
   * buffer itself rather than a slice of it, which this decoder then no longer holds.
   */
  private void handOver(ByteBuf buf, boolean last) {
    held.poll();
    sink.content(buf, last);
  }

  private void onHead(byte[] block) {
    Http1Message message;
    boolean last;
    if (server) {
      Http1RequestHead request = Http1Parser.request(block, head.fieldLines());
      message = request;
      last = frame(request.chunked, request.contentLength, false);
    } else {
      Http1ResponseHead response = Http1Parser.response(block, head.fieldLines());
      message = response;
      int status = response.status();
      if (status == 101) {
        throw Http1ParseException.bad("unexpected switch of protocols");
      }
      if (status < 200) {
        last = true; // interim: the final response follows
      } else {
        boolean bodyless = (headRequests & 1) != 0 || status == 204 || status == 304;
        if (awaiting > 0) {
          headRequests >>>= 1;
          awaiting--;
        }
        last = bodyless || frame(response.chunked, response.contentLength, true);
      }
    }
    sink.head(message, last);
  }

  /** Sets the state for a body framed so; returns true when there is no body. */
  private boolean frame(boolean chunked, long contentLength, boolean untilClose) {
    if (chunked) {
      state = State.CHUNK_SIZE;
      return false;
    }
    if (contentLength > 0) {
      state = State.FIXED;
      remaining = contentLength;
      return false;
    }
    if (contentLength < 0 && untilClose) {
      state = State.UNTIL_CLOSE;
      return false;
    }
    return true;
  }

  private void fail(Http1ParseException cause) {
    state = State.FAILED;
    head.reset();
    trailers.reset();
    release();
    sink.failed(cause);
  }
}
