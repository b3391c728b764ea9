package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.CharsetUtil;
import java.nio.charset.StandardCharsets;

/**
 * Writes one outgoing HTTP/1 message to a channel as byte buffers: the head, then body chunks
 * (re-framed when the message is chunked: a size line before each payload, which is written as is,
 * never copied), then trailers. A head this codec parsed is written from its received bytes minus
 * the fields removed, plus those added (an unchanged head is one copy); a head of another protocol
 * from its accessors ({@link Http1Conversion}). The codec's own framing and connection fields are
 * appended as {@code extras}.
 *
 * <p>A head that a body may follow is held back until the end of the event-loop pass ({@link
 * Flusher#holdUntilFlush}): a body of at most {@link #JOIN_LIMIT} bytes given before then is copied
 * in behind it, if the head's buffer has room (a parsed head is allocated with room for a body its
 * Content-Length says is that small), so a small message leaves in one buffer (one {@code send},
 * not a {@code writev} of two). That copy is the one exception to forwarding payloads as they came,
 * as in Netty's own HTTP encoder; larger bodies follow the head as their own buffers.
 */
final class Http1Encoder implements Flusher.HeldWrite {
  /** The largest body copied in behind its head. */
  static final int JOIN_LIMIT = 512;

  static final int CHUNKED = 1;
  static final int ZERO_LENGTH = 2;
  static final int CLOSE = 4;
  static final int KEEP_ALIVE = 8;

  private static final byte[] HTTP_1_1 = ascii("HTTP/1.1");
  private static final byte[] CRLF = ascii("\r\n");
  private static final byte[] LAST_CHUNK = ascii("0\r\n");
  private static final byte[][] EXTRA_LINES = {
    ascii("transfer-encoding: chunked\r\n"),
    ascii("content-length: 0\r\n"),
    ascii("connection: close\r\n"),
    ascii("connection: keep-alive\r\n")
  };

  private final Channel channel;
  private final Flusher flusher;
  private boolean chunked;
  private boolean bodyless;
  private boolean crlfOwed;
  private ByteBuf held;

  Http1Encoder(Channel channel, Flusher flusher) {
    this.channel = channel;
    this.flusher = flusher;
  }

  // ----- heads -----

  void request(RequestHead head, int extras) {
    ByteBuf out;
    if (head instanceof Http1RequestHead) {
      Http1RequestHead request = (Http1RequestHead) head;
      Http1Fields fields = request.fields;
      out = headBuffer(request);
      int from = 0;
      if (!request.requestLineUnchanged()) {
        out.writeCharSequence(request.method(), CharsetUtil.ISO_8859_1);
        out.writeByte(' ');
        out.writeCharSequence(request.path(), CharsetUtil.ISO_8859_1);
        out.writeByte(' ');
        out.writeBytes(HTTP_1_1).writeBytes(CRLF);
        from = fields.start();
      }
      fields.encode(out, from, extras == 0);
      chunked = isChunked(fields);
      head(out, extras, extras == 0, false);
    } else {
      out = channel.alloc().buffer(256);
      Http1Conversion.writeRequest(head, out);
      chunked = false;
      head(out, extras, false, false);
    }
  }

  void response(ResponseHead head, int extras, boolean noBody) {
    ByteBuf out;
    if (head instanceof Http1ResponseHead) {
      Http1ResponseHead response = (Http1ResponseHead) head;
      Http1Fields fields = response.fields;
      out = headBuffer(response);
      int from = 0;
      if (!response.statusLineUnchanged()) {
        out.writeBytes(HTTP_1_1);
        if (response.parsed()) {
          // HTTP/1.0 upstream: the status code and reason as received.
          out.writeBytes(response.raw, 8, fields.start() - 8);
        } else {
          writeStatus(out, response.status());
        }
        from = fields.start();
      }
      fields.encode(out, from, extras == 0);
      chunked = isChunked(fields);
      head(out, extras, extras == 0, noBody);
    } else {
      out = channel.alloc().buffer(256);
      out.writeBytes(HTTP_1_1);
      writeStatus(out, head.status());
      Http1Conversion.writeFields(head.headers(), out, false);
      chunked = false;
      head(out, extras, false, noBody);
    }
  }

  /**
   * A buffer for a parsed head as it will be written, with room behind it for a body small enough
   * to join it, so that the join never makes the buffer grow (a second copy of the head).
   */
  private ByteBuf headBuffer(Http1Message message) {
    long body = message.contentLength;
    int room = body >= 0 && body <= JOIN_LIMIT ? (int) body : 0;
    return channel
        .alloc()
        .buffer(message.raw.length + message.fields.encodedSizeHint() + 64 + room);
  }

  private void head(ByteBuf out, int extras, boolean ended, boolean noBody) {
    if (!ended) {
      for (int i = 0; i < EXTRA_LINES.length; i++) {
        if ((extras & (1 << i)) != 0) {
          out.writeBytes(EXTRA_LINES[i]);
        }
      }
      out.writeBytes(CRLF);
    }
    chunked |= (extras & CHUNKED) != 0;
    bodyless = noBody;
    if (noBody || chunked) {
      flusher.write(channel, out);
    } else {
      held = out;
      flusher.holdUntilFlush(channel, this);
    }
  }

  /** Writes the held head, if it is still held. */
  @Override
  public void writeHeld() {
    ByteBuf head = held;
    if (head != null) {
      held = null;
      flusher.write(channel, head);
    }
  }

  private static void writeStatus(ByteBuf out, int status) {
    out.writeByte(' ');
    out.writeCharSequence(Integer.toString(status), CharsetUtil.ISO_8859_1);
    out.writeByte(' ');
    out.writeCharSequence(HttpResponseStatus.valueOf(status).reasonPhrase(), CharsetUtil.US_ASCII);
    out.writeBytes(CRLF);
  }

  // ----- bodies -----

  /** A body chunk, which this encoder now owns; {@code end} ends the message. */
  void data(ByteBuf data, boolean end) {
    if (bodyless) {
      data.release();
      return;
    }
    if (!chunked) {
      ByteBuf head = held;
      int size = data.readableBytes();
      if (head != null && size <= JOIN_LIMIT && size <= head.maxFastWritableBytes()) {
        held = null;
        head.writeBytes(data);
        data.release();
        flusher.write(channel, head);
      } else {
        writeHeld();
        flusher.write(channel, data);
      }
      return;
    }
    int size = data.readableBytes();
    if (size > 0) {
      ByteBuf line = channel.alloc().buffer(12);
      if (crlfOwed) {
        line.writeBytes(CRLF);
      }
      line.writeCharSequence(Integer.toHexString(size), CharsetUtil.US_ASCII);
      line.writeBytes(CRLF);
      flusher.write(channel, line);
      flusher.write(channel, data);
      crlfOwed = true;
    } else {
      data.release(); // an empty chunk would end the body
    }
    if (end) {
      end(null);
    }
  }

  /** Ends the message with trailers; a message not chunked cannot carry them and drops them. */
  void trailers(HeaderMap trailers) {
    writeHeld();
    if (chunked && !bodyless) {
      end(trailers);
    }
  }

  /** Ends a message whose head said so or whose last chunk was already given. */
  void end() {
    writeHeld();
    if (chunked && !bodyless) {
      end(null);
    }
  }

  private void end(HeaderMap trailers) {
    ByteBuf last = channel.alloc().buffer(trailers == null ? 7 : 256);
    if (crlfOwed) {
      last.writeBytes(CRLF);
      crlfOwed = false;
    }
    last.writeBytes(LAST_CHUNK);
    if (trailers instanceof Http1Fields) {
      Http1Fields fields = (Http1Fields) trailers;
      fields.encode(last, fields.start(), true);
    } else {
      if (trailers != null) {
        Http1Conversion.writeFields(trailers, last, false);
      }
      last.writeBytes(CRLF);
    }
    chunked = false; // nothing more to frame
    flusher.write(channel, last);
  }

  // ----- framing facts of heads -----

  /** Whether a parsed head's (possibly changed) fields say chunked. */
  private static boolean isChunked(Http1Fields fields) {
    if (!fields.has(Http1Names.TRANSFER_ENCODING)) {
      return false;
    }
    for (String value : fields.getAll("transfer-encoding")) {
      if (value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the message forwarded for {@code headers} will be chunked as it is. */
  static boolean isChunked(HeaderMap headers) {
    return headers instanceof Http1Fields && isChunked((Http1Fields) headers);
  }

  static boolean hasContentLength(HeaderMap headers) {
    return headers instanceof Http1Fields
        ? ((Http1Fields) headers).has(Http1Names.CONTENT_LENGTH)
        : headers.contains("content-length");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
