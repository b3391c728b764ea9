package dev.weft.dataplane.protocol.http1;

import static dev.weft.dataplane.protocol.http1.Http1Names.CONNECTION;
import static dev.weft.dataplane.protocol.http1.Http1Names.KEEP_ALIVE;
import static dev.weft.dataplane.protocol.http1.Http1Names.PROXY_CONNECTION;
import static dev.weft.dataplane.protocol.http1.Http1Names.TE;
import static dev.weft.dataplane.protocol.http1.Http1Names.TRANSFER_ENCODING;
import static dev.weft.dataplane.protocol.http1.Http1Names.UPGRADE;
import static dev.weft.dataplane.protocol.http1.Http1Names.bit;

import java.nio.charset.StandardCharsets;

/**
 * Removes the connection-specific fields a proxy must not forward (RFC 9110 §7.6.1): Connection,
 * Keep-Alive, Proxy-Connection, Upgrade, TE, optionally Transfer-Encoding, and every field the
 * Connection field names. The usual {@code Connection: keep-alive} or {@code close} costs no
 * String.
 */
final class Http1HopByHop {
  /** Connection-specific fields, except Transfer-Encoding. */
  static final int FIELDS =
      bit(CONNECTION) | bit(KEEP_ALIVE) | bit(PROXY_CONNECTION) | bit(UPGRADE) | bit(TE);

  private Http1HopByHop() {}

  static void strip(Http1Fields fields, boolean keepTransferEncoding) {
    int hop = keepTransferEncoding ? FIELDS : FIELDS | bit(TRANSFER_ENCODING);
    int known = fields.known();
    if ((known & hop) == 0) {
      return;
    }
    if ((known & bit(CONNECTION)) != 0) {
      removeConnectionOptions(fields);
    }
    fields.removeIds(hop & known);
  }

  /** Removes the fields named by Connection options other than close and keep-alive. */
  private static void removeConnectionOptions(Http1Fields fields) {
    byte[] raw = fields.raw();
    for (int i = 0; i < fields.parsedCount(); i++) {
      if (fields.id(i) != CONNECTION || fields.isRemoved(i)) {
        continue;
      }
      int to = fields.valueEnd(i);
      for (int from = fields.valueStart(i); from <= to; ) {
        int end = from;
        while (end < to && raw[end] != ',') {
          end++;
        }
        int a = from;
        while (a < end && Http1Chars.isWhitespace(raw[a])) {
          a++;
        }
        int b = end;
        while (b > a && Http1Chars.isWhitespace(raw[b - 1])) {
          b--;
        }
        if (b > a && isOption(raw, a, b - a)) {
          fields.remove(new String(raw, a, b - a, StandardCharsets.ISO_8859_1));
        }
        from = end + 1;
      }
    }
    // Connection fields added since parsing, as Strings; the list changes as names go.
    boolean removed = fields.hasAdded();
    while (removed) {
      removed = false;
      for (String value : fields.addedValues(CONNECTION)) {
        for (String option : value.split(",")) {
          String name = option.trim();
          if (!name.isEmpty()
              && !name.equalsIgnoreCase("close")
              && !name.equalsIgnoreCase("keep-alive")) {
            removed |= fields.remove(name);
          }
        }
      }
    }
  }

  /** Whether a Connection token names a field (rather than being close or keep-alive). */
  private static boolean isOption(byte[] raw, int start, int length) {
    return !Http1Chars.equalsIgnoreCase(raw, start, length, "close")
        && !Http1Chars.equalsIgnoreCase(raw, start, length, "keep-alive");
  }
}
