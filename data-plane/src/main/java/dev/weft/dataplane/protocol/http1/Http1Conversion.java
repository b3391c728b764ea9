package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Set;

/**
 * Heads of other protocols (HTTP/2, RPC) as HTTP/1 messages, and the hop-by-hop headers a proxy
 * must not forward (RFC 9110 §7.6.1).
 */
final class Http1Conversion {
  /** Connection-specific headers, dropped when a message crosses the proxy. */
  static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "proxy-connection", "upgrade", "te", "transfer-encoding");

  private Http1Conversion() {}

  static HttpRequest toRequest(RequestHead head) {
    if (head instanceof Http1RequestHead) {
      return ((Http1RequestHead) head).netty();
    }
    HttpHeaders headers = copy(head.headers(), true);
    if (!head.authority().isEmpty()) {
      headers.set(HttpHeaderNames.HOST, head.authority());
    }
    String path = head.path().isEmpty() ? "/" : head.path();
    return new DefaultHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.valueOf(head.method()), path, headers);
  }

  static HttpResponse toResponse(ResponseHead head) {
    if (head instanceof Http1ResponseHead) {
      return ((Http1ResponseHead) head).netty();
    }
    HttpHeaders headers = copy(head.headers(), true);
    return new DefaultHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(head.status()), headers);
  }

  /** Copies headers, dropping HTTP/2 pseudo-headers and (if asked) hop-by-hop ones. */
  static HttpHeaders copy(HeaderMap from, boolean dropHopByHop) {
    HttpHeaders to = new DefaultHttpHeaders(false);
    from.forEach(
        (name, value) -> {
          if (name.startsWith(":")) {
            return;
          }
          if (dropHopByHop && HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return;
          }
          to.add(name, value);
        });
    return to;
  }

  /** Removes hop-by-hop headers, including those the Connection header names. */
  static void stripHopByHop(HttpHeaders headers, boolean keepTransferEncoding) {
    String connection = headers.get(HttpHeaderNames.CONNECTION);
    if (connection != null) {
      for (String token : connection.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()
            && !name.equalsIgnoreCase("close")
            && !name.equalsIgnoreCase("keep-alive")) {
          headers.remove(name);
        }
      }
    }
    // AsciiString names hash once; a String name would be hashed again on every remove.
    headers.remove(HttpHeaderNames.CONNECTION);
    headers.remove(HttpHeaderNames.KEEP_ALIVE);
    headers.remove(HttpHeaderNames.PROXY_CONNECTION);
    headers.remove(HttpHeaderNames.UPGRADE);
    headers.remove(HttpHeaderNames.TE);
    if (!keepTransferEncoding) {
      headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }
  }
}
