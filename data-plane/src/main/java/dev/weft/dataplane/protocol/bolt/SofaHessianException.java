package dev.weft.dataplane.protocol.bolt;

import static dev.weft.dataplane.protocol.hessian.Hessian2Output.writeUtf8;

import dev.weft.dataplane.protocol.hessian.Hessian2Output;
import io.netty.buffer.ByteBuf;

/**
 * Writes an exception object in the Hessian dialect SOFA's Hessian ({@code com.alipay.sofa:hessian}
 * 3.x) reads: the Hessian 2 draft that predates the final spec. An object is {@code 'O'}, the class
 * name's length as an int and its UTF-8 bytes, the field count as an int and the field names as
 * strings, then {@code 'o'}, the definition's index and the field values. Strings are 0x00–0x1f
 * followed by the characters, or chunks of {@code 's' len16} ending with {@code 'S' len16}; the
 * final spec's 0x30 strings and {@code 'C'} definitions are unknown to it.
 *
 * <p>The one object the sidecar writes is bolt's own {@code RpcServerException} with its {@code
 * detailMessage}: every bolt client has the class and shows the message.
 */
final class SofaHessianException {
  private SofaHessianException() {}

  static final String CLASS_NAME = "com.alipay.remoting.rpc.exception.RpcServerException";

  private static final int SHORT_STRING_MAX = 0x1f;
  private static final int CHUNK = Hessian2Output.CHUNK;

  /** Writes {@code RpcServerException} carrying {@code message} as the only object in a body. */
  static void write(ByteBuf out, String message) {
    out.writeByte('O');
    writeInt(out, CLASS_NAME.length());
    writeUtf8(out, CLASS_NAME, 0, CLASS_NAME.length());
    writeInt(out, 1);
    writeString(out, "detailMessage");
    out.writeByte('o');
    writeInt(out, 0);
    writeString(out, message);
  }

  /** Ints from -16 to 47 take one byte; the class name and counts here always fit. */
  private static void writeInt(ByteBuf out, int value) {
    if (value >= -0x10 && value <= 0x2f) {
      out.writeByte(0x90 + value);
    } else if (value >= -0x800 && value <= 0x7ff) {
      out.writeByte(0xc8 + (value >> 8));
      out.writeByte(value);
    } else {
      out.writeByte('I');
      out.writeInt(value);
    }
  }

  static void writeString(ByteBuf out, String value) {
    int length = value.length();
    if (length <= SHORT_STRING_MAX) {
      out.writeByte(length);
      writeUtf8(out, value, 0, length);
      return;
    }
    int offset = 0;
    while (length - offset > CHUNK) {
      out.writeByte('s');
      out.writeShort(CHUNK);
      writeUtf8(out, value, offset, offset + CHUNK);
      offset += CHUNK;
    }
    out.writeByte('S');
    out.writeShort(length - offset);
    writeUtf8(out, value, offset, length);
  }
}
