package dev.weft.registry.store.etcd;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes one segment of an etcd key, so that a {@code /} inside a dataId or registId
 * cannot add a level to the key layout. Bytes of the UTF-8 form that are printable ASCII other than
 * {@code /} and {@code %} stay as they are; every other byte becomes {@code %XX} (upper-case hex).
 * Each string has exactly one encoding: {@link #decode} refuses any other spelling of it.
 */
final class PathSegments {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathSegments() {}

  static String encode(String segment) {
    byte[] utf8 = segment.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 8);
    for (byte b : utf8) {
      int c = b & 0xff;
      if (isPlain(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /**
   * The segment {@code encoded} stands for.
   *
   * @throws IllegalArgumentException when it is empty, holds a character {@link #encode} never
   *     writes, a broken escape, invalid UTF-8, or is not the one encoding of its value
   */
  static String decode(String encoded) {
    if (encoded.isEmpty()) {
      throw new IllegalArgumentException("empty key segment");
    }
    ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw new IllegalArgumentException("truncated escape in key segment '" + encoded + "'");
        }
        int high = hexValue(encoded.charAt(i + 1));
        int low = hexValue(encoded.charAt(i + 2));
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("bad escape in key segment '" + encoded + "'");
        }
        bytes.put((byte) (high << 4 | low));
        i += 2;
      } else if (c < 0x80 && isPlain(c)) {
        bytes.put((byte) c);
      } else {
        throw new IllegalArgumentException("unencoded character in key segment '" + encoded + "'");
      }
    }
    bytes.flip();
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("key segment '" + encoded + "' is not UTF-8", e);
    }
    if (!encode(decoded).equals(encoded)) {
      throw new IllegalArgumentException(
          "key segment '" + encoded + "' is not canonically encoded");
    }
    return decoded;
  }

  private static boolean isPlain(int c) {
    return c > 0x20 && c < 0x7f && c != '/' && c != '%';
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
