package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.handler.codec.http.HttpResponse;

/** A response head backed by Netty's {@link HttpResponse}; forwarded over HTTP/1 as is. */
public final class Http1ResponseHead implements ResponseHead {
  private final HttpResponse response;
  private final Http1Headers headers;

  public Http1ResponseHead(HttpResponse response) {
    this.response = response;
    this.headers = new Http1Headers(response.headers());
  }

  public HttpResponse netty() {
    return response;
  }

  @Override
  public String protocol() {
    return Http1RequestHead.PROTOCOL;
  }

  @Override
  public int status() {
    return response.status().code();
  }

  @Override
  public HeaderMap headers() {
    return headers;
  }

  @Override
  public String toString() {
    return response.protocolVersion() + " " + response.status();
  }
}
