package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ServerContext;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;

/**
 * A protocol a downstream HTTP/1 connection may switch to with an {@code Upgrade} request (RFC 9110
 * §7.8), such as HTTP/2's {@code h2c}. The HTTP/1 codec offers the upgrade when the listener also
 * speaks a protocol implementing this.
 */
public interface Http1Upgrade {
  /** The {@code Upgrade} token this protocol answers to, for example {@code h2c}. */
  String upgradeToken();

  /**
   * Netty's codec for the switch: it checks the request, adds this protocol's server codec to
   * {@code channel} and turns the upgrading request into that codec's first stream.
   */
  HttpServerUpgradeHandler.UpgradeCodec newUpgradeCodec(Channel channel, ServerContext context);
}
