package dev.weft.dataplane.protocol.http1;

/**
 * What HTTP/1 requests and responses share: the head's bytes as received (start line, field lines
 * and the empty line; empty for a head the sidecar makes), its fields, and the framing facts the
 * parser found in them.
 */
abstract class Http1Message {
  /** {@code Connection} options. */
  static final int CLOSE = 1;

  static final int KEEP_ALIVE = 2;
  static final int UPGRADE = 4;

  final byte[] raw;
  final Http1Fields fields;
  final boolean http10;

  /** The Content-Length, or -1. */
  long contentLength = -1;

  boolean chunked;
  int connection;
  boolean expect;

  Http1Message(byte[] raw, Http1Fields fields, boolean http10) {
    this.raw = raw;
    this.fields = fields;
    this.http10 = http10;
  }

  /** Whether the connection stays open after this message (RFC 9112 §9.3). */
  boolean keepAlive() {
    if ((connection & CLOSE) != 0) {
      return false;
    }
    return !http10 || (connection & KEEP_ALIVE) != 0;
  }

  /** Whether the head was parsed (and so can be forwarded by copying its bytes). */
  boolean parsed() {
    return raw.length > 0;
  }

  String version() {
    return http10 ? "HTTP/1.0" : "HTTP/1.1";
  }
}
