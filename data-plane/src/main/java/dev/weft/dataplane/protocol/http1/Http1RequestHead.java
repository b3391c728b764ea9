package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/** A request head backed by Netty's {@link HttpRequest}; forwarded over HTTP/1 as is. */
public final class Http1RequestHead implements RequestHead {
  public static final String PROTOCOL = "Http1";

  private final HttpRequest request;
  private final Http1Headers headers;

  public Http1RequestHead(HttpRequest request) {
    this.request = request;
    this.headers = new Http1Headers(request.headers());
  }

  public HttpRequest netty() {
    return request;
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return request.uri();
  }

  @Override
  public void setPath(String path) {
    request.setUri(path);
  }

  @Override
  public String authority() {
    String host = request.headers().get(HttpHeaderNames.HOST);
    return host == null ? "" : host;
  }

  @Override
  public void setAuthority(String authority) {
    request.headers().set(HttpHeaderNames.HOST, authority);
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public HeaderMap headers() {
    return headers;
  }

  @Override
  public String toString() {
    return request.method() + " " + request.uri() + " " + request.protocolVersion();
  }
}
