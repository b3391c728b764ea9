package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.handler.codec.http2.Http2Headers;

/** A response head backed by Netty's {@link Http2Headers}; forwarded over HTTP/2 as is. */
public final class Http2ResponseHead implements ResponseHead {
  private final Http2Headers headers;
  private final Http2HeaderMap map;
  private final int status;

  public Http2ResponseHead(Http2Headers headers) {
    this.headers = headers;
    this.map = new Http2HeaderMap(headers);
    this.status = parseStatus(headers.status());
  }

  public Http2Headers netty() {
    return headers;
  }

  @Override
  public String protocol() {
    return Http2RequestHead.PROTOCOL;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public HeaderMap headers() {
    return map;
  }

  /** The numeric {@code :status}, or 0 when it is missing or malformed. */
  static int parseStatus(CharSequence status) {
    if (status == null || status.length() != 3) {
      return 0;
    }
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char c = status.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      code = code * 10 + (c - '0');
    }
    return code;
  }

  @Override
  public String toString() {
    return "HTTP/2 " + status;
  }
}
