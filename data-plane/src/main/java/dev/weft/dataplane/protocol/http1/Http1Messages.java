package dev.weft.dataplane.protocol.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's {@link HttpUtil} checks, with a fast path for the common case: most messages carry no
 * {@code Transfer-Encoding} and no {@code Connection} header, and a single lookup says so (Netty's
 * versions scan and split every value).
 */
final class Http1Messages {
  private Http1Messages() {}

  static boolean isChunked(HttpMessage message) {
    return message.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
        && HttpUtil.isTransferEncodingChunked(message);
  }

  static boolean isKeepAlive(HttpMessage message) {
    if (!message.headers().contains(HttpHeaderNames.CONNECTION)) {
      return message.protocolVersion().isKeepAliveDefault();
    }
    return HttpUtil.isKeepAlive(message);
  }

  /** Whether a request has no body: neither chunked nor a non-zero Content-Length. */
  static boolean hasNoBody(HttpMessage request) {
    return !isChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
  }

  static boolean isHttp10(HttpMessage message) {
    return message.protocolVersion().equals(HttpVersion.HTTP_1_0);
  }
}
