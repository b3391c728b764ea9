package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ServerContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Offers the listener's other protocols to the first request of a connection through {@code
 * Upgrade} (h2c, RFC 7540 §3.2); only a request without a body switches.
 *
 * <p>Netty's {@link HttpServerUpgradeHandler} does the handshake: it checks the {@code Upgrade} and
 * {@code Connection} fields, answers 101, installs the new codec and hands it the request as its
 * first stream (an upgrade event that only it can make). It works on Netty's HTTP objects, so for
 * the moment of the switch the request is copied into them and passed through that handler, with an
 * encoder for its 101 response and a catcher for a request it declines; all three leave the
 * pipeline before this returns.
 */
final class Http1UpgradeHandler {
  private static final String ENCODER = "http1-upgrade-encoder";
  private static final String UPGRADE = "http1-upgrade";
  private static final String DECLINED = "http1-upgrade-declined";

  private final Channel channel;
  private final ServerContext context;
  private final List<Http1Upgrade> upgrades;

  Http1UpgradeHandler(Channel channel, ServerContext context, List<Http1Upgrade> upgrades) {
    this.channel = channel;
    this.context = context;
    this.upgrades = List.copyOf(upgrades);
  }

  /**
   * Tries to switch the connection of {@code ctx} (the HTTP/1 server handler's) to the protocol
   * {@code head} asks for. On success the new codec sits after {@code ctx} and already serves the
   * request; the HTTP/1 handler must leave and pass on the bytes it holds.
   */
  boolean upgrade(ChannelHandlerContext ctx, Http1RequestHead head) {
    HttpRequest request =
        new DefaultHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.valueOf(head.method()), head.path());
    head.headers().forEach(request.headers()::add);
    boolean[] switched = new boolean[1];
    // Once the 101 is written, its encoder leaves before the new codec writes anything.
    HttpServerUpgradeHandler.SourceCodec source =
        upgrading -> {
          upgrading.pipeline().remove(ENCODER);
          switched[0] = true;
        };
    HttpServerUpgradeHandler handler =
        new HttpServerUpgradeHandler(source, this::codecFor, 0, true) {
          @Override
          protected boolean shouldHandleUpgradeRequest(HttpRequest ignored) {
            return true; // checked by the caller: the first request, without a body
          }
        };
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addAfter(ctx.name(), ENCODER, new HttpResponseEncoder());
    pipeline.addAfter(ENCODER, UPGRADE, handler);
    pipeline.addAfter(UPGRADE, DECLINED, new Declined());
    try {
      // Head and end apart: the handler aggregates them (a full request would pass it untouched).
      ctx.fireChannelRead(request);
      ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
    } finally {
      for (String name : new String[] {ENCODER, UPGRADE, DECLINED}) {
        if (pipeline.context(name) != null) {
          pipeline.remove(name);
        }
      }
    }
    return switched[0];
  }

  private HttpServerUpgradeHandler.UpgradeCodec codecFor(CharSequence token) {
    for (Http1Upgrade upgrade : upgrades) {
      if (AsciiString.contentEqualsIgnoreCase(upgrade.upgradeToken(), token)) {
        return upgrade.newUpgradeCodec(channel, context);
      }
    }
    return null;
  }

  /** Catches the request when the upgrade handler declines it; it is served as HTTP/1. */
  private static final class Declined extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
