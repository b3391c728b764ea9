package dev.weft.dataplane.protocol.http1;

import static dev.weft.dataplane.protocol.http1.Http1Chars.CR;
import static dev.weft.dataplane.protocol.http1.Http1Chars.LF;
import static dev.weft.dataplane.protocol.http1.Http1Chars.SP;

import java.nio.charset.StandardCharsets;

/**
 * Parses a complete head (or trailer) section, as {@link Http1Block} collects it, into a head
 * object: the start line and an index of the field lines, validated strictly (RFC 9112): lines end
 * with CRLF, one space between the parts of a start line, only {@code HTTP/1.0} and {@code
 * HTTP/1.1}, token field names directly followed by the colon, no control characters in values, no
 * obsolete line folding.
 */
final class Http1Parser {
  private Http1Parser() {}

  // Every scan below stops at the LF that ends the section at the latest: no byte class includes
  // it, so no loop needs a bounds check.

  static Http1RequestHead request(byte[] raw, int fieldLines) {
    int p = 0;
    while (Http1Chars.isToken(raw[p])) {
      p++;
    }
    if (p == 0 || raw[p] != SP) {
      throw Http1ParseException.bad("invalid method in request line");
    }
    String method = method(raw, p);
    int targetStart = ++p;
    while (Http1Chars.isTarget(raw[p])) {
      p++;
    }
    if (p == targetStart || raw[p] != SP) {
      throw Http1ParseException.bad("invalid request target");
    }
    int targetEnd = p++;
    boolean http10 = http10(raw, p);
    p = lineEnd(raw, p + 8);
    Http1RequestHead head =
        new Http1RequestHead(
            raw, fields(raw, p, fieldLines), http10, method, targetStart, targetEnd);
    Http1Framing.analyse(head, true);
    return head;
  }

  static Http1ResponseHead response(byte[] raw, int fieldLines) {
    if (raw.length < 16 || raw[8] != SP) {
      throw Http1ParseException.bad("invalid status line");
    }
    boolean http10 = http10(raw, 0);
    int status = 0;
    for (int i = 9; i < 12; i++) {
      if (raw[i] < '0' || raw[i] > '9') {
        throw Http1ParseException.bad("invalid status code");
      }
      status = status * 10 + raw[i] - '0';
    }
    if (status < 100 || status > 599) {
      throw Http1ParseException.bad("status code out of range: " + status);
    }
    int p = 12;
    if (raw[p] == SP) {
      p++;
      while (Http1Chars.isFieldValue(raw[p])) {
        p++; // the reason phrase
      }
    }
    p = lineEnd(raw, p);
    Http1ResponseHead head = new Http1ResponseHead(raw, fields(raw, p, fieldLines), http10, status);
    Http1Framing.analyse(head, false);
    return head;
  }

  /** A trailer section; fields that must not be trailers (framing) are dropped, as Netty does. */
  static Http1Fields trailers(byte[] raw, int fieldLines) {
    Http1Fields fields = fields(raw, 0, fieldLines);
    fields.remove("content-length");
    fields.remove("transfer-encoding");
    fields.remove("trailer");
    return fields;
  }

  /** The field lines from {@code start} up to the empty line. */
  private static Http1Fields fields(byte[] raw, int start, int lines) {
    Http1Fields fields = new Http1Fields(raw, start, lines);
    int p = start;
    while (raw[p] != CR) {
      if (Http1Chars.isWhitespace(raw[p])) {
        throw Http1ParseException.bad("obsolete line folding");
      }
      int nameStart = p;
      while (Http1Chars.isToken(raw[p])) {
        p++;
      }
      if (p == nameStart || raw[p] != ':') {
        throw Http1ParseException.bad("invalid field name");
      }
      int nameEnd = p++;
      while (Http1Chars.isWhitespace(raw[p])) {
        p++;
      }
      int valueStart = p;
      while (Http1Chars.isFieldValue(raw[p])) {
        p++;
      }
      int valueEnd = p;
      while (valueEnd > valueStart && Http1Chars.isWhitespace(raw[valueEnd - 1])) {
        valueEnd--;
      }
      p = lineEnd(raw, p);
      byte id = Http1Names.id(raw, nameStart, nameEnd - nameStart);
      fields.parsed(nameStart, nameEnd, valueStart, valueEnd, id);
    }
    if (lineEnd(raw, p) != raw.length) {
      throw Http1ParseException.bad("bytes after the end of the section");
    }
    fields.finish(p);
    return fields;
  }

  /** Where the next line starts, given where this one's CRLF must be. */
  private static int lineEnd(byte[] raw, int p) {
    if (raw[p] != CR || raw[p + 1] != LF) {
      throw Http1ParseException.bad("line not ended by CRLF, or a control character in it");
    }
    return p + 2;
  }

  /** Whether {@code raw[p, p + 8)} is {@code HTTP/1.0} (or else {@code HTTP/1.1}). */
  private static boolean http10(byte[] raw, int p) {
    if (raw.length < p + 10
        || raw[p] != 'H'
        || raw[p + 1] != 'T'
        || raw[p + 2] != 'T'
        || raw[p + 3] != 'P'
        || raw[p + 4] != '/'
        || !isDigit(raw[p + 5])
        || raw[p + 6] != '.'
        || !isDigit(raw[p + 7])) {
      throw Http1ParseException.bad("invalid HTTP version");
    }
    if (raw[p + 5] == '1' && (raw[p + 7] == '0' || raw[p + 7] == '1')) {
      return raw[p + 7] == '0';
    }
    if (raw[p + 8] != CR && raw[p + 8] != SP) {
      throw Http1ParseException.bad("invalid HTTP version");
    }
    throw new Http1ParseException(
        Http1ParseException.VERSION_NOT_SUPPORTED, "unsupported HTTP version");
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** The method, as a shared constant when it is a common one. */
  private static String method(byte[] raw, int length) {
    switch (length) {
      case 3:
        if (raw[0] == 'G' && raw[1] == 'E' && raw[2] == 'T') {
          return "GET";
        }
        if (raw[0] == 'P' && raw[1] == 'U' && raw[2] == 'T') {
          return "PUT";
        }
        break;
      case 4:
        if (raw[0] == 'P' && raw[1] == 'O' && raw[2] == 'S' && raw[3] == 'T') {
          return "POST";
        }
        if (raw[0] == 'H' && raw[1] == 'E' && raw[2] == 'A' && raw[3] == 'D') {
          return "HEAD";
        }
        break;
      default:
        break;
    }
    return new String(raw, 0, length, StandardCharsets.ISO_8859_1);
  }
}
