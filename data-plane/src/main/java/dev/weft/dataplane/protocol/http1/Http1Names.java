package dev.weft.dataplane.protocol.http1;

/**
 * The field names the codec acts on, as small ids the parser assigns to each field it indexes, so
 * framing and connection checks compare a byte instead of a name.
 */
final class Http1Names {
  static final byte OTHER = 0;
  static final byte HOST = 1;
  static final byte CONTENT_LENGTH = 2;
  static final byte TRANSFER_ENCODING = 3;
  static final byte CONNECTION = 4;
  static final byte KEEP_ALIVE = 5;
  static final byte PROXY_CONNECTION = 6;
  static final byte UPGRADE = 7;
  static final byte TE = 8;
  static final byte EXPECT = 9;
  static final byte TRAILER = 10;

  /** Lower-case names of the ids above. */
  private static final String[] NAMES = {
    "",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "upgrade",
    "te",
    "expect",
    "trailer"
  };

  static final int COUNT = NAMES.length;

  private Http1Names() {}

  static int bit(byte id) {
    return 1 << id;
  }

  static String name(byte id) {
    return NAMES[id];
  }

  /** The id of a known field name in {@code raw[start, start + length)}, or {@link #OTHER}. */
  static byte id(byte[] raw, int start, int length) {
    switch (length) {
      case 2:
        return is(raw, start, length, TE);
      case 4:
        return is(raw, start, length, HOST);
      case 6:
        return is(raw, start, length, EXPECT);
      case 7:
        return (byte) (is(raw, start, length, UPGRADE) | is(raw, start, length, TRAILER));
      case 10:
        return (byte) (is(raw, start, length, CONNECTION) | is(raw, start, length, KEEP_ALIVE));
      case 14:
        return is(raw, start, length, CONTENT_LENGTH);
      case 16:
        return is(raw, start, length, PROXY_CONNECTION);
      case 17:
        return is(raw, start, length, TRANSFER_ENCODING);
      default:
        return OTHER;
    }
  }

  private static byte is(byte[] raw, int start, int length, byte id) {
    return Http1Chars.equalsIgnoreCase(raw, start, length, NAMES[id]) ? id : OTHER;
  }

  static byte id(String name) {
    for (byte id = HOST; id < NAMES.length; id++) {
      if (Http1Chars.equalsIgnoreCase(name, NAMES[id])) {
        return id;
      }
    }
    return OTHER;
  }
}
