package dev.weft.dataplane.protocol.http1;

import static dev.weft.dataplane.protocol.http1.Http1Chars.CR;
import static dev.weft.dataplane.protocol.http1.Http1Chars.LF;

import io.netty.buffer.ByteBuf;

/**
 * The framing lines of a chunked body (RFC 9112 §7.1): a chunk-size line ({@code hex[;ext]CRLF}),
 * however it is split across reads, and the CRLF after each chunk's data. Sizes are strict hex
 * digits up to {@code Integer.MAX_VALUE}, as in Netty; extensions are skipped but must hold no
 * control character; every line must end with CRLF.
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
    if (p < end) {
      while (p < end && Http1Chars.isWhitespace(line[p])) {
        p++;
      }
      if (p == end || line[p] != ';') {
        throw Http1ParseException.bad("invalid chunk size");
      }
      for (; p < end; p++) {
        if (!Http1Chars.isFieldValue(line[p])) {
          throw Http1ParseException.bad("invalid chunk extension");
        }
      }
    }
    return size;
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
