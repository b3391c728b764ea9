package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Heads of other protocols (HTTP/1, RPC) as HTTP/2 headers: pseudo-headers from the head's
 * accessors, names lower-cased, and the connection-specific headers HTTP/2 forbids (RFC 9113
 * §8.2.2) dropped, except {@code te: trailers}, which gRPC needs.
 */
final class Http2Conversion {
  /** Connection-specific headers; {@code host} becomes {@code :authority}. */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "upgrade",
          "transfer-encoding",
          "host",
          "http2-settings");

  private Http2Conversion() {}

  static Http2Headers request(RequestHead head) {
    if (head instanceof Http2RequestHead) {
      return ((Http2RequestHead) head).netty();
    }
    Http2Headers out = new DefaultHttp2Headers(false);
    out.method(head.method().isEmpty() ? "POST" : head.method());
    out.path(head.path().isEmpty() ? "/" : head.path());
    out.scheme(head.scheme());
    if (!head.authority().isEmpty()) {
      out.authority(head.authority());
    }
    copy(head.headers(), out);
    return out;
  }

  static Http2Headers response(ResponseHead head) {
    if (head instanceof Http2ResponseHead) {
      return ((Http2ResponseHead) head).netty();
    }
    Http2Headers out = new DefaultHttp2Headers(false);
    out.status(Integer.toString(head.status()));
    copy(head.headers(), out);
    return out;
  }

  static Http2Headers trailers(HeaderMap trailers) {
    if (trailers instanceof Http2HeaderMap) {
      return ((Http2HeaderMap) trailers).netty();
    }
    Http2Headers out = new DefaultHttp2Headers(false);
    copy(trailers, out);
    return out;
  }

  /** Copies headers, lower-casing names and dropping pseudo and connection-specific ones. */
  static void copy(HeaderMap from, Http2Headers to) {
    Set<String> named = connectionOptions(from.get("connection"));
    from.forEach(
        (name, value) -> {
          String lower = Http2HeaderMap.key(name);
          if (Http2HeaderMap.isPseudo(lower)
              || HOP_BY_HOP.contains(lower)
              || named.contains(lower)) {
            return;
          }
          if (lower.equals("te")) {
            if (hasToken(value, "trailers")) {
              to.add("te", "trailers");
            }
            return;
          }
          to.add(lower, value);
        });
  }

  /** The header names a {@code Connection} header lists, lower-cased. */
  private static Set<String> connectionOptions(String connection) {
    if (connection == null) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    for (String token : connection.split(",")) {
      String name = token.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean hasToken(String value, String token) {
    for (String part : value.split(",")) {
      String trimmed = part.trim();
      int semicolon = trimmed.indexOf(';');
      if (semicolon >= 0) {
        trimmed = trimmed.substring(0, semicolon).trim();
      }
      if (trimmed.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
