package dev.weft.dataplane.protocol.http1;

/**
 * Byte classes of RFC 9110/9112 as lookup tables: token characters (methods, field names), field
 * value bytes, request-target bytes, and ASCII lower-casing.
 */
final class Http1Chars {
  static final byte CR = '\r';
  static final byte LF = '\n';
  static final byte SP = ' ';
  static final byte HTAB = '\t';

  private static final boolean[] TOKEN = new boolean[256];
  private static final boolean[] FIELD_VALUE = new boolean[256];
  private static final boolean[] TARGET = new boolean[256];
  private static final byte[] LOWER = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      LOWER[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
      boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      TOKEN[c] = alnum || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      // field-vchar = VCHAR / obs-text, plus the SP and HTAB allowed inside a value; no CTL, no
      // DEL.
      FIELD_VALUE[c] = c == HTAB || (c >= 0x20 && c != 0x7f);
      // Visible characters and obs-text: no CTL, no space, no DEL.
      TARGET[c] = c > 0x20 && c != 0x7f;
    }
  }

  private Http1Chars() {}

  static boolean isToken(byte b) {
    return TOKEN[b & 0xff];
  }

  static boolean isToken(char c) {
    return c < 256 && TOKEN[c];
  }

  static boolean isFieldValue(byte b) {
    return FIELD_VALUE[b & 0xff];
  }

  static boolean isTarget(byte b) {
    return TARGET[b & 0xff];
  }

  static boolean isWhitespace(byte b) {
    return b == SP || b == HTAB;
  }

  static byte lower(byte b) {
    return LOWER[b & 0xff];
  }

  static char lower(char c) {
    return c < 256 ? (char) (LOWER[c] & 0xff) : c;
  }

  /** Whether {@code raw[start, start + length)} is {@code name}, ignoring ASCII case. */
  static boolean equalsIgnoreCase(byte[] raw, int start, int length, String name) {
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if ((LOWER[raw[start + i] & 0xff] & 0xff) != lower(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether two names are equal ignoring ASCII case (and only ASCII case). */
  static boolean equalsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (lower(a.charAt(i)) != lower(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Throws if {@code name} is not a token (RFC 9110 §5.1). */
  static void checkName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty header name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isToken(name.charAt(i))) {
        throw new IllegalArgumentException("invalid character in header name '" + name + "'");
      }
    }
  }

  /** Throws if {@code value} holds a control character other than HTAB (CR and LF included). */
  static void checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != HTAB) || c == 0x7f) {
        throw new IllegalArgumentException("invalid character in value of header '" + name + "'");
      }
    }
  }
}
