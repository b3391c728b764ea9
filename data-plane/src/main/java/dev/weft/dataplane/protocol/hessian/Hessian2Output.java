package dev.weft.dataplane.protocol.hessian;

import io.netty.buffer.ByteBuf;

/**
 * The little Hessian 2.0 the sidecar writes itself: strings (error messages) and compact ints (a
 * response's type byte). Strings use the shortest form, then 32 768-character chunks; each UTF-16
 * character is written on its own, as Java Hessian writers do. SOFA's Hessian speaks an earlier
 * draft; Bolt writes that itself.
 */
public final class Hessian2Output {
  private Hessian2Output() {}

  public static final int CHUNK = 0x8000;

  /** Writes an int in {@code -16..47}, which takes one byte. */
  public static void writeCompactInt(ByteBuf out, int value) {
    if (value < -16 || value > 47) {
      throw new IllegalArgumentException("not a one-byte hessian2 int: " + value);
    }
    out.writeByte(0x90 + value);
  }

  public static void writeString(ByteBuf out, String value) {
    int length = value.length();
    if (length <= 0x1f) {
      out.writeByte(length);
      writeUtf8(out, value, 0, length);
      return;
    }
    if (length <= 0x3ff) {
      out.writeByte(0x30 + (length >> 8));
      out.writeByte(length & 0xff);
      writeUtf8(out, value, 0, length);
      return;
    }
    int offset = 0;
    while (length - offset > CHUNK) {
      out.writeByte('R');
      out.writeShort(CHUNK);
      writeUtf8(out, value, offset, offset + CHUNK);
      offset += CHUNK;
    }
    out.writeByte('S');
    out.writeShort(length - offset);
    writeUtf8(out, value, offset, length);
  }

  /**
   * Characters {@code from..to} of {@code value} as UTF-8, each UTF-16 unit on its own as Java
   * Hessian writers do (a surrogate pair is two 3-byte sequences); both Hessian dialects the
   * sidecar writes share it.
   */
  public static void writeUtf8(ByteBuf out, String value, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        out.writeByte(c);
      } else if (c < 0x800) {
        out.writeByte(0xc0 | (c >> 6));
        out.writeByte(0x80 | (c & 0x3f));
      } else {
        out.writeByte(0xe0 | (c >> 12));
        out.writeByte(0x80 | ((c >> 6) & 0x3f));
        out.writeByte(0x80 | (c & 0x3f));
      }
    }
  }
}
