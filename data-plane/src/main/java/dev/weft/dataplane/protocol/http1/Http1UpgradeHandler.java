package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ServerContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Offers the listener's other protocols to the first request of a connection through {@code
 * Upgrade} (h2c, RFC 7540 §3.2). Only a request without a body switches; any other request is
 * served as HTTP/1, and the handler leaves the pipeline after the first request either way.
 */
final class Http1UpgradeHandler extends HttpServerUpgradeHandler {
  static final String NAME = "http1-upgrade";

  Http1UpgradeHandler(Channel channel, ServerContext context, List<Http1Upgrade> upgrades) {
    super(
        ctx -> removeHttp1(ctx.pipeline()),
        token -> {
          for (Http1Upgrade upgrade : upgrades) {
            if (AsciiString.contentEqualsIgnoreCase(upgrade.upgradeToken(), token)) {
              return upgrade.newUpgradeCodec(channel, context);
            }
          }
          return null;
        },
        0,
        true);
  }

  @Override
  protected boolean shouldHandleUpgradeRequest(HttpRequest request) {
    return !Http1Messages.isChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
  }

  private static void removeHttp1(ChannelPipeline pipeline) {
    pipeline.remove(Http1Protocol.CODEC);
    pipeline.remove(Http1Protocol.SERVER);
  }
}
