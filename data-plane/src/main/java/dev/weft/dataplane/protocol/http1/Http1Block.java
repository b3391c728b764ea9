package dev.weft.dataplane.protocol.http1;

import static dev.weft.dataplane.protocol.http1.Http1Chars.CR;
import static dev.weft.dataplane.protocol.http1.Http1Chars.LF;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Collects a head (start line and field lines) or a trailer section from incoming buffers, however
 * it is split across reads, into one exact-size array ending with the section's empty line. It only
 * finds line ends; {@link Http1Parser} validates the lines. The limits count line contents without
 * their CRLF, as Netty's decoder does: the start line against {@code maxStartLine} (414 for a
 * request), the field lines together against {@code maxFields} (431).
 */
final class Http1Block {
  private static final byte[] EMPTY = new byte[0];

  private final int maxStartLine;
  private final int maxFields;
  private final boolean skipLeadingEmptyLines;
  private byte[] partial = EMPTY;
  private int partialLength;
  private int lineStart;
  private boolean startLineSeen;
  private int fieldBytes;
  private int fieldLines;
  private int sectionFieldLines;

  /**
   * @param maxStartLine the start line's limit, or -1 for a trailer section (field lines only)
   * @param skipLeadingEmptyLines whether empty lines before a start line are ignored (RFC 9112
   *     §2.2)
   */
  Http1Block(int maxStartLine, int maxFields, boolean skipLeadingEmptyLines) {
    this.maxStartLine = maxStartLine;
    this.maxFields = maxFields;
    this.skipLeadingEmptyLines = skipLeadingEmptyLines;
  }

  /** Whether part of a section was read. */
  boolean inProgress() {
    return partialLength > 0;
  }

  /**
   * Consumes the bytes of a section from {@code in}: returns the whole section once its empty line
   * arrived, leaving the bytes after it unread, or null when everything was taken and more is
   * needed.
   */
  byte[] read(ByteBuf in) {
    int from = in.readerIndex();
    int end = in.writerIndex();
    int p = from;
    while (true) {
      int lf = in.indexOf(p, end, LF);
      if (lf < 0) {
        checkIncompleteLine(partialLength + (end - from) - lineStart);
        append(in, from, end);
        in.readerIndex(end);
        return null;
      }
      int length = partialLength + (lf - from) - lineStart; // before the LF
      boolean cr =
          length > 0 && (lf > from ? in.getByte(lf - 1) : partial[partialLength - 1]) == CR;
      int content = cr ? length - 1 : length;
      p = lf + 1;
      if (content == 0) {
        if (!startLineSeen && skipLeadingEmptyLines) {
          partialLength = 0; // the collected bytes were this empty line
          lineStart = 0;
          from = p;
          continue;
        }
        byte[] section = take(in, from, p);
        in.readerIndex(p);
        return section;
      }
      if (!startLineSeen && maxStartLine >= 0) {
        if (content > maxStartLine) {
          throw new Http1ParseException(Http1ParseException.URI_TOO_LONG, "start line too long");
        }
      } else {
        fieldLines++;
        fieldBytes += content;
        if (fieldBytes > maxFields) {
          throw new Http1ParseException(Http1ParseException.HEADERS_TOO_LARGE, "fields too large");
        }
      }
      startLineSeen = true;
      lineStart = partialLength + (p - from);
    }
  }

  /** A line without its LF yet: fail as soon as it cannot fit, whatever follows. */
  private void checkIncompleteLine(int length) {
    if (!startLineSeen && maxStartLine >= 0) {
      if (length > maxStartLine + 1) {
        throw new Http1ParseException(Http1ParseException.URI_TOO_LONG, "start line too long");
      }
    } else if (fieldBytes + length > maxFields + 1) {
      throw new Http1ParseException(Http1ParseException.HEADERS_TOO_LARGE, "fields too large");
    }
  }

  private void append(ByteBuf in, int from, int to) {
    int length = to - from;
    if (partialLength + length > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partialLength + length, partial.length * 2));
    }
    in.getBytes(from, partial, partialLength, length);
    partialLength += length;
  }

  /** How many field lines the section {@link #read} returned last has. */
  int fieldLines() {
    return sectionFieldLines;
  }

  private byte[] take(ByteBuf in, int from, int to) {
    sectionFieldLines = fieldLines;
    byte[] section;
    if (partialLength == 0) {
      section = new byte[to - from];
      in.getBytes(from, section);
    } else {
      section = Arrays.copyOf(partial, partialLength + to - from);
      in.getBytes(from, section, partialLength, to - from);
    }
    reset();
    return section;
  }

  void reset() {
    partial = EMPTY;
    partialLength = 0;
    lineStart = 0;
    startLineSeen = false;
    fieldBytes = 0;
    fieldLines = 0;
  }
}
