package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import io.netty.buffer.ByteBuf;

/**
 * Heads of other protocols (HTTP/2, RPC) written as HTTP/1, from their accessors: the request line
 * from method and path, Host from the authority, then the fields, minus HTTP/2 pseudo-fields and
 * the connection-specific ones (RFC 9110 §7.6.1). Their names and values were never checked by this
 * codec, so a name that is not a token is dropped and control characters in a value become spaces:
 * no field can split into two lines.
 */
final class Http1Conversion {
  /** Connection-specific fields, by {@link Http1Names} id; Host is written from the authority. */
  private static final int DROPPED =
      Http1HopByHop.FIELDS | Http1Names.bit(Http1Names.TRANSFER_ENCODING);

  private Http1Conversion() {}

  /** The request line and fields, without the empty line ending the head. */
  static void writeRequest(RequestHead head, ByteBuf out) {
    String method = head.method();
    if (method.isEmpty() || !isToken(method)) {
      method = "POST";
    }
    writeText(out, method, false);
    out.writeByte(' ');
    String path = head.path().isEmpty() ? "/" : head.path();
    writeText(out, path, true);
    out.writeCharSequence(" HTTP/1.1\r\n", io.netty.util.CharsetUtil.US_ASCII);
    String authority = head.authority();
    if (!authority.isEmpty()) {
      out.writeCharSequence("host: ", io.netty.util.CharsetUtil.US_ASCII);
      writeText(out, authority, false);
      out.writeByte('\r').writeByte('\n');
    }
    writeFields(head.headers(), out, !authority.isEmpty());
  }

  /** Field lines for {@code headers}, minus pseudo and connection-specific ones (and Host). */
  static void writeFields(HeaderMap headers, ByteBuf out, boolean skipHost) {
    headers.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.charAt(0) == ':' || !isToken(name)) {
            return;
          }
          byte id = Http1Names.id(name);
          if ((DROPPED & Http1Names.bit(id)) != 0 || (skipHost && id == Http1Names.HOST)) {
            return;
          }
          writeText(out, name, false);
          out.writeByte(':').writeByte(' ');
          writeText(out, value, false);
          out.writeByte('\r').writeByte('\n');
        });
  }

  private static boolean isToken(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!Http1Chars.isToken(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes {@code text} as ISO-8859-1 (other characters as {@code ?}); control characters become
   * spaces, or, in a request target, percent-encoded like spaces.
   */
  private static void writeText(ByteBuf out, String text, boolean target) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\t') || c == 0x7f;
      if (target && (control || c <= ' ')) {
        out.writeByte('%').writeByte(hexDigit(c >> 4)).writeByte(hexDigit(c & 0xf));
      } else if (control) {
        out.writeByte(' ');
      } else {
        out.writeByte(c > 0xff ? '?' : c);
      }
    }
  }

  private static char hexDigit(int value) {
    return "0123456789ABCDEF".charAt(value);
  }
}
