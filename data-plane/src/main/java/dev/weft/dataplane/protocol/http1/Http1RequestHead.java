package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import java.nio.charset.StandardCharsets;

/**
 * A request head as Weft's HTTP/1 codec parsed it: the received bytes plus an index of its fields.
 * The method is a String from the start; the path, the authority and header values become Strings
 * when asked for. Forwarded over HTTP/1, it is written back from its bytes, with the changes made
 * to it (a new path, fields removed or added).
 */
public final class Http1RequestHead extends Http1Message implements RequestHead {
  public static final String PROTOCOL = "Http1";

  private final String method;
  private final int targetStart;
  private final int targetEnd;
  private String path;
  private boolean pathChanged;

  Http1RequestHead(
      byte[] raw,
      Http1Fields fields,
      boolean http10,
      String method,
      int targetStart,
      int targetEnd) {
    super(raw, fields, http10);
    this.method = method;
    this.targetStart = targetStart;
    this.targetEnd = targetEnd;
  }

  /**
   * Parses one complete request head as it arrives on the wire, ending with the empty line; for
   * tools and benchmarks that need a head without a connection.
   *
   * @throws Http1ParseException if the bytes are not a valid request head
   */
  public static Http1RequestHead parse(byte[] head) {
    int lines = 0;
    for (byte b : head) {
      if (b == Http1Chars.LF) {
        lines++;
      }
    }
    if (lines < 2 || head[head.length - 1] != Http1Chars.LF) {
      throw Http1ParseException.bad("a request head ends with an empty line");
    }
    return Http1Parser.request(head, lines - 2);
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    if (path == null) {
      path = new String(raw, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
    }
    return path;
  }

  /** Compares the received bytes while the path was neither asked for as a String nor changed. */
  @Override
  public boolean pathStartsWith(String prefix) {
    if (path != null) {
      return path.startsWith(prefix);
    }
    int length = prefix.length();
    if (length > targetEnd - targetStart) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if ((raw[targetStart + i] & 0xff) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void setPath(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("invalid character in request target: " + path);
      }
    }
    this.path = path;
    this.pathChanged = true;
  }

  @Override
  public String authority() {
    String host = fields.get("host");
    return host == null ? "" : host;
  }

  @Override
  public void setAuthority(String authority) {
    fields.set("Host", authority);
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public HeaderMap headers() {
    return fields;
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  /** Whether the request line can be forwarded as received: HTTP/1.1 and the same target. */
  boolean requestLineUnchanged() {
    return !pathChanged && !http10;
  }

  int targetStart() {
    return targetStart;
  }

  int targetEnd() {
    return targetEnd;
  }

  @Override
  public String toString() {
    return method + " " + path() + " " + version();
  }
}
