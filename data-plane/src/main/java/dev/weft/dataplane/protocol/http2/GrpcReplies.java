package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.LocalReply;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Local replies to gRPC requests: a trailers-only response (HTTP 200 with {@code grpc-status} and
 * {@code grpc-message}), the status mapped from the reply's kind as Envoy maps it.
 */
final class GrpcReplies {
  static final int UNKNOWN = 2;
  static final int DEADLINE_EXCEEDED = 4;
  static final int PERMISSION_DENIED = 7;
  static final int UNIMPLEMENTED = 12;
  static final int INTERNAL = 13;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;

  private static final AsciiString GRPC = AsciiString.cached("application/grpc");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private GrpcReplies() {}

  /** Whether a request is gRPC: its content type starts with {@code application/grpc}. */
  static boolean isGrpc(Http2Headers request) {
    CharSequence type = request.get("content-type");
    return type != null
        && type.length() >= GRPC.length()
        && AsciiString.regionMatches(type, true, 0, GRPC, 0, GRPC.length());
  }

  static Http2Headers trailersOnly(LocalReply reply) {
    Http2Headers headers = new DefaultHttp2Headers(false);
    headers.status("200");
    headers.set("content-type", GRPC);
    for (Map.Entry<String, String> header : reply.headers()) {
      headers.add(Http2HeaderMap.key(header.getKey()), header.getValue());
    }
    headers.setInt("grpc-status", status(reply));
    String message = reply.body().strip();
    if (!message.isEmpty()) {
      headers.set("grpc-message", percentEncode(message));
    }
    return headers;
  }

  /** The gRPC status for a local reply. */
  static int status(LocalReply reply) {
    switch (reply.kind()) {
      case TIMEOUT:
        return DEADLINE_EXCEEDED;
      case NO_ROUTE:
        return UNIMPLEMENTED;
      case NO_CLUSTER:
      case NO_HEALTHY_UPSTREAM:
      case OVERFLOW:
      case UPSTREAM_CONNECT_FAILURE:
      case UPSTREAM_RESET:
        return UNAVAILABLE;
      default:
        return fromHttp(reply.httpStatus());
    }
  }

  /** Envoy's HTTP-to-gRPC status table, for direct responses. */
  static int fromHttp(int httpStatus) {
    switch (httpStatus) {
      case 400:
        return INTERNAL;
      case 401:
        return UNAUTHENTICATED;
      case 403:
        return PERMISSION_DENIED;
      case 404:
        return UNIMPLEMENTED;
      case 429:
      case 502:
      case 503:
      case 504:
        return UNAVAILABLE;
      default:
        return UNKNOWN;
    }
  }

  /** gRPC's percent-encoding of {@code grpc-message}: bytes outside printable ASCII, and '%'. */
  static String percentEncode(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
