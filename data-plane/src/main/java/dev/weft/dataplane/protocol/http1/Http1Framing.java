package dev.weft.dataplane.protocol.http1;

/**
 * How a parsed message's body is framed (RFC 9112 §6), from its Content-Length and
 * Transfer-Encoding fields, plus its Connection options and Expect: the checks that keep two
 * parsers from disagreeing on where a message ends (request smuggling).
 *
 * <ul>
 *   <li>Content-Length: digits only; several values (repeated fields or a list) must all be equal
 *       and are then replaced by one field, as RFC 9110 §8.6 allows.
 *   <li>Transfer-Encoding: only a single {@code chunked} coding, only in HTTP/1.1, and never
 *       together with Content-Length (rejected rather than stripped).
 *   <li>Requests: at most one Host field.
 * </ul>
 */
final class Http1Framing {
  private Http1Framing() {}

  static void analyse(Http1Message message, boolean request) {
    Http1Fields fields = message.fields;
    byte[] raw = message.raw;
    int hosts = 0;
    int contentLengths = 0;
    long contentLength = -1;
    boolean transferEncoding = false;
    int codings = 0;
    boolean chunked = false;
    for (int i = 0; i < fields.parsedCount(); i++) {
      int from = fields.valueStart(i);
      int to = fields.valueEnd(i);
      switch (fields.id(i)) {
        case Http1Names.HOST:
          hosts++;
          break;
        case Http1Names.EXPECT:
          message.expect = true;
          break;
        case Http1Names.CONTENT_LENGTH:
          for (int s = from; s <= to; ) {
            int e = elementEnd(raw, s, to);
            int start = trimStart(raw, s, e);
            long value = digits(raw, start, trimEnd(raw, start, e));
            s = e + 1;
            if (contentLength >= 0 && value != contentLength) {
              throw Http1ParseException.bad("differing Content-Length values");
            }
            contentLength = value;
            contentLengths++;
          }
          break;
        case Http1Names.TRANSFER_ENCODING:
          transferEncoding = true;
          for (int s = from; s <= to; ) {
            int e = elementEnd(raw, s, to);
            int start = trimStart(raw, s, e);
            codings++;
            chunked =
                Http1Chars.equalsIgnoreCase(raw, start, trimEnd(raw, start, e) - start, "chunked");
            s = e + 1;
          }
          break;
        case Http1Names.CONNECTION:
          for (int s = from; s <= to; ) {
            int e = elementEnd(raw, s, to);
            int start = trimStart(raw, s, e);
            message.connection |= option(raw, start, trimEnd(raw, start, e) - start);
            s = e + 1;
          }
          break;
        default:
          break;
      }
    }
    if (transferEncoding) {
      if (message.http10) {
        throw Http1ParseException.bad("Transfer-Encoding in an HTTP/1.0 message");
      }
      if (contentLength >= 0) {
        throw Http1ParseException.bad("both Transfer-Encoding and Content-Length");
      }
      if (codings != 1 || !chunked) {
        throw Http1ParseException.bad("a transfer coding other than a single chunked");
      }
      message.chunked = true;
    }
    if (request && hosts > 1) {
      throw Http1ParseException.bad("more than one Host field");
    }
    message.contentLength = contentLength;
    if (contentLengths > 1) {
      fields.set("Content-Length", Long.toString(contentLength));
    }
  }

  private static int option(byte[] raw, int start, int length) {
    if (Http1Chars.equalsIgnoreCase(raw, start, length, "close")) {
      return Http1Message.CLOSE;
    }
    if (Http1Chars.equalsIgnoreCase(raw, start, length, "keep-alive")) {
      return Http1Message.KEEP_ALIVE;
    }
    if (Http1Chars.equalsIgnoreCase(raw, start, length, "upgrade")) {
      return Http1Message.UPGRADE;
    }
    return 0;
  }

  /** The comma ending the list element starting at {@code from}, or {@code to}. */
  private static int elementEnd(byte[] raw, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw[i] == ',') {
        return i;
      }
    }
    return to;
  }

  private static int trimStart(byte[] raw, int from, int to) {
    while (from < to && Http1Chars.isWhitespace(raw[from])) {
      from++;
    }
    return from;
  }

  private static int trimEnd(byte[] raw, int from, int to) {
    while (to > from && Http1Chars.isWhitespace(raw[to - 1])) {
      to--;
    }
    return to;
  }

  /** A non-negative decimal number: one or more digits, no sign, no overflow. */
  private static long digits(byte[] raw, int from, int to) {
    if (from == to) {
      throw Http1ParseException.bad("empty Content-Length");
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = raw[i] - '0';
      if (digit < 0 || digit > 9) {
        throw Http1ParseException.bad("Content-Length is not a number");
      }
      if (value > (Long.MAX_VALUE - digit) / 10) {
        throw Http1ParseException.bad("Content-Length overflows");
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
