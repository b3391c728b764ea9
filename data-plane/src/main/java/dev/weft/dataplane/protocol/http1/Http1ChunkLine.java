package dev.weft.dataplane.protocol.http1;

import static dev.weft.dataplane.protocol.http1.Http1Chars.CR;
import static dev.weft.dataplane.protocol.http1.Http1Chars.LF;

import io.netty.buffer.ByteBuf;

/**
 * The framing lines of a chunked body (RFC 9112 §7.1): a chunk-size line ({@code hex[;ext]CRLF}),
 * however it is split across reads, and the CRLF after each chunk's data. Sizes are strict hex
 * digits up to {@code Integer.MAX_VALUE}, as in Netty; extensions are checked against their grammar
 * and skipped; every line must end with CRLF.
 */
final class Http1ChunkLine {
  private final int maxLine;
  private final byte[] line;
  private int length;
  private boolean crSeen;

  Http1ChunkLine(int maxLine) {
    this.maxLine = maxLine;
    this.line = new byte[maxLine + 2];
  }

  /** The next chunk's size once its line is complete, or -1 when more bytes are needed. */
  long read(ByteBuf in) {
    int from = in.readerIndex();
    int lf = in.indexOf(from, in.writerIndex(), LF);
    int to = lf < 0 ? in.writerIndex() : lf + 1;
    if (length + to - from > line.length) {
      throw Http1ParseException.bad("chunk size line too long");
    }
    in.readBytes(line, length, to - from);
    length += to - from;
    if (lf < 0) {
      return -1;
    }
    int end = length - 1; // the LF
    length = 0;
    if (end == 0 || line[end - 1] != CR) {
      throw Http1ParseException.bad("chunk size line not ended by CRLF");
    }
    return parse(end - 1);
  }

  private long parse(int end) {
    long size = 0;
    int p = 0;
    for (; p < end; p++) {
      int digit = hex(line[p]);
      if (digit < 0) {
        break;
      }
      size = size * 16 + digit;
      if (size > Integer.MAX_VALUE) {
        throw Http1ParseException.bad("chunk size too large");
      }
    }
    if (p == 0) {
      throw Http1ParseException.bad("invalid chunk size");
    }
    extensions(p, end);
    return size;
  }

  /** {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}, RFC 9112 §7.1.1. */
  private void extensions(int p, int end) {
    while (p < end) {
      p = skipWhitespace(p, end);
      if (p == end || line[p] != ';') {
        throw Http1ParseException.bad("invalid chunk size");
      }
      p = skipWhitespace(p + 1, end);
      int name = p;
      while (p < end && Http1Chars.isToken(line[p])) {
        p++;
      }
      if (p == name) {
        throw Http1ParseException.bad("invalid chunk extension");
      }
      int equals = skipWhitespace(p, end);
      if (equals == end || line[equals] != '=') {
        p = equals;
        continue;
      }
      p = skipWhitespace(equals + 1, end);
      if (p < end && line[p] == '"') {
        p = quotedStringEnd(p + 1, end);
      } else {
        int value = p;
        while (p < end && Http1Chars.isToken(line[p])) {
          p++;
        }
        if (p == value) {
          throw Http1ParseException.bad("invalid chunk extension");
        }
      }
    }
  }

  private int quotedStringEnd(int p, int end) {
    while (p < end) {
      byte b = line[p++];
      if (b == '"') {
        return p;
      }
      if (b == '\\') {
        if (p == end) {
          break;
        }
        b = line[p++];
      }
      if (!Http1Chars.isFieldValue(b)) {
        break;
      }
    }
    throw Http1ParseException.bad("invalid chunk extension");
  }

  private int skipWhitespace(int p, int end) {
    while (p < end && Http1Chars.isWhitespace(line[p])) {
      p++;
    }
    return p;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /** Consumes the CRLF ending a chunk's data; true once both bytes were read. */
  boolean readDataEnd(ByteBuf in) {
    while (in.isReadable()) {
      byte b = in.readByte();
      if (b != (crSeen ? LF : CR)) {
        crSeen = false;
        throw Http1ParseException.bad("chunk data not followed by CRLF");
      }
      if (crSeen) {
        crSeen = false;
        return true;
      }
      crSeen = true;
    }
    return false;
  }
}
