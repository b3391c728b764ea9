package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.ResponseHead;

/**
 * A response head as Weft's HTTP/1 codec parsed it (the received bytes plus an index of its
 * fields), or one the sidecar makes ({@link #of}). Forwarded over HTTP/1, a parsed head is written
 * back from its bytes, with the changes made to its fields.
 */
public final class Http1ResponseHead extends Http1Message implements ResponseHead {
  private static final byte[] NONE = new byte[0];

  private final int status;

  Http1ResponseHead(byte[] raw, Http1Fields fields, boolean http10, int status) {
    super(raw, fields, http10);
    this.status = status;
  }

  /** A response head the sidecar makes, without fields yet. */
  static Http1ResponseHead of(int status) {
    return new Http1ResponseHead(NONE, Http1Fields.empty(), false, status);
  }

  @Override
  public String protocol() {
    return Http1RequestHead.PROTOCOL;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public HeaderMap headers() {
    return fields;
  }

  /** Whether the status line can be forwarded as received: HTTP/1.1. */
  boolean statusLineUnchanged() {
    return parsed() && !http10;
  }

  @Override
  public String toString() {
    return version() + " " + status;
  }
}
