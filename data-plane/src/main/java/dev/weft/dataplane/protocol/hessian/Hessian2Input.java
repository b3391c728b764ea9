package dev.weft.dataplane.protocol.hessian;

import io.netty.buffer.ByteBuf;

/**
 * A read cursor over Hessian 2 bytes in place (absolute indexes into a buffer it does not own, so
 * nothing is copied): single bytes, ints, and strings in every encoding Hessian 2 has. Every read
 * checks the end of the range, so hostile input fails with {@link Hessian2Exception} and every step
 * consumes at least one byte.
 *
 * <p>Strings count UTF-16 characters, as Hessian does: a character outside the Basic Multilingual
 * Plane counts two, whether written as two 3-byte surrogates (what Java Hessian writers produce) or
 * as one 4-byte UTF-8 sequence.
 */
public final class Hessian2Input {
  private final ByteBuf buf;
  private final int end;
  private int pos;

  /** Reads {@code buf} from index {@code from} up to, not including, {@code to}. */
  public Hessian2Input(ByteBuf buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  public int position() {
    return pos;
  }

  public boolean atEnd() {
    return pos >= end;
  }

  /** The next byte, unsigned, without consuming it. */
  public int peek() {
    if (pos >= end) {
      throw truncated();
    }
    return buf.getUnsignedByte(pos);
  }

  /** The next byte, unsigned. */
  public int read() {
    if (pos >= end) {
      throw truncated();
    }
    return buf.getUnsignedByte(pos++);
  }

  public void skip(int count) {
    if (count < 0 || count > end - pos) {
      throw truncated();
    }
    pos += count;
  }

  public int readUnsignedShort() {
    return (read() << 8) | read();
  }

  // ----- ints -----

  public static boolean isIntStart(int code) {
    return code == 'I' || (code >= 0x80 && code <= 0xd7);
  }

  /** An int in any of its encodings (compact one, two, three bytes, or {@code 'I'}). */
  public int readInt() {
    int code = read();
    if (code >= 0x80 && code <= 0xbf) {
      return code - 0x90;
    }
    if (code >= 0xc0 && code <= 0xcf) {
      return ((code - 0xc8) << 8) | read();
    }
    if (code >= 0xd0 && code <= 0xd7) {
      return ((code - 0xd4) << 16) | readUnsignedShort();
    }
    if (code == 'I') {
      return (readUnsignedShort() << 16) | readUnsignedShort();
    }
    throw unexpected(code, "an int");
  }

  // ----- strings -----

  public static boolean isStringStart(int code) {
    return code <= 0x1f || (code >= 0x30 && code <= 0x33) || code == 'S' || code == 'R';
  }

  /** A string, or null for {@code 'N'}. */
  public String readString() {
    int code = read();
    if (code == 'N') {
      return null;
    }
    if (!isStringStart(code)) {
      throw unexpected(code, "a string");
    }
    StringBuilder out = new StringBuilder(code <= 0x1f ? code : 32);
    readStringChunks(code, out);
    return out.toString();
  }

  /** Skips a string whose first byte, {@code code}, was already read. */
  public void skipString(int code) {
    readStringChunks(code, null);
  }

  /** Reads the chunks of a string after its first byte; appends to {@code out} unless null. */
  private void readStringChunks(int code, StringBuilder out) {
    while (true) {
      int length;
      boolean last = true;
      if (code <= 0x1f) {
        length = code;
      } else if (code >= 0x30 && code <= 0x33) {
        length = ((code - 0x30) << 8) | read();
      } else if (code == 'S' || code == 'R') {
        length = readUnsignedShort();
        last = code == 'S';
      } else {
        throw unexpected(code, "a string chunk");
      }
      readUtf8(length, out);
      if (last) {
        return;
      }
      code = read();
    }
  }

  /** Reads {@code length} UTF-16 characters encoded as UTF-8. */
  private void readUtf8(int length, StringBuilder out) {
    int remaining = length;
    while (remaining > 0) {
      int b = read();
      if (b < 0x80) {
        append(out, b);
        remaining--;
      } else if ((b & 0xe0) == 0xc0) {
        append(out, ((b & 0x1f) << 6) | continuation());
        remaining--;
      } else if ((b & 0xf0) == 0xe0) {
        append(out, ((b & 0x0f) << 12) | (continuation() << 6) | continuation());
        remaining--;
      } else if ((b & 0xf8) == 0xf0 && remaining >= 2) {
        int codePoint =
            ((b & 0x07) << 18) | (continuation() << 12) | (continuation() << 6) | continuation();
        if (codePoint < 0x10000 || codePoint > Character.MAX_CODE_POINT) {
          throw new Hessian2Exception("bad 4-byte UTF-8 sequence in a string");
        }
        if (out != null) {
          out.appendCodePoint(codePoint);
        }
        remaining -= 2;
      } else {
        throw new Hessian2Exception(
            String.format("bad UTF-8 byte 0x%02x in a string at %d", b, pos - 1));
      }
    }
  }

  private int continuation() {
    int b = read();
    if ((b & 0xc0) != 0x80) {
      throw new Hessian2Exception(
          String.format("bad UTF-8 continuation byte 0x%02x at %d", b, pos - 1));
    }
    return b & 0x3f;
  }

  private static void append(StringBuilder out, int ch) {
    if (out != null) {
      out.append((char) ch);
    }
  }

  // ----- errors -----

  public Hessian2Exception truncated() {
    return new Hessian2Exception("truncated hessian2 value at " + pos);
  }

  public Hessian2Exception unexpected(int code, String expected) {
    return new Hessian2Exception(
        String.format("expected %s at %d, found byte 0x%02x", expected, pos - 1, code));
  }
}
