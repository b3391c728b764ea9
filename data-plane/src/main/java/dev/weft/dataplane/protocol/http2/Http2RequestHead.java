package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * A request head backed by Netty's {@link Http2Headers}: the pseudo-headers are the accessors, the
 * rest the {@link #headers()}. Forwarded over HTTP/2 as is.
 */
public final class Http2RequestHead implements RequestHead {
  public static final String PROTOCOL = "Http2";

  private final Http2Headers headers;
  private final Http2HeaderMap map;

  public Http2RequestHead(Http2Headers headers) {
    this.headers = headers;
    this.map = new Http2HeaderMap(headers);
  }

  public Http2Headers netty() {
    return headers;
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public String method() {
    return string(headers.method());
  }

  @Override
  public String path() {
    return string(headers.path());
  }

  @Override
  public void setPath(String path) {
    headers.path(path);
  }

  /** {@code :authority}, or the {@code host} header a request may carry instead. */
  @Override
  public String authority() {
    CharSequence authority = headers.authority();
    if (authority == null) {
      authority = headers.get(HttpHeaderNames.HOST);
    }
    return string(authority);
  }

  @Override
  public void setAuthority(String authority) {
    headers.authority(authority);
    if (headers.contains(HttpHeaderNames.HOST)) {
      headers.set(HttpHeaderNames.HOST, authority);
    }
  }

  @Override
  public String scheme() {
    CharSequence scheme = headers.scheme();
    return scheme == null ? "http" : scheme.toString();
  }

  @Override
  public HeaderMap headers() {
    return map;
  }

  private static String string(CharSequence value) {
    return value == null ? "" : value.toString();
  }

  @Override
  public String toString() {
    return method() + " " + authority() + path() + " HTTP/2";
  }
}
