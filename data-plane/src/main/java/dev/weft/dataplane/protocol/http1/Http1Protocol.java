package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.1 ({@code Http1}), recognised by a request line's method token. Each connection gets one
 * handler, which decodes and encodes bytes itself. When the listener also speaks a protocol that
 * implements {@link Http1Upgrade}, a connection's first request may switch to it.
 */
public final class Http1Protocol implements Protocol {
  public static final String NAME = Http1RequestHead.PROTOCOL;

  static final String SERVER = "http1-server";
  static final String CLIENT = "http1-client";

  /** Longest method token looked at before deciding. */
  private static final int MAX_METHOD = 16;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Detection detect(ByteBuf in) {
    int start = in.readerIndex();
    int end = Math.min(in.writerIndex(), start + MAX_METHOD + 1);
    for (int i = start; i < end; i++) {
      byte b = in.getByte(i);
      if (b == ' ') {
        return i > start ? Detection.MATCH : Detection.NO_MATCH;
      }
      if (b < 'A' || b > 'Z') {
        return Detection.NO_MATCH;
      }
    }
    return in.readableBytes() > MAX_METHOD ? Detection.NO_MATCH : Detection.NEED_MORE_DATA;
  }

  @Override
  public void installServer(Channel channel, ServerContext context) {
    List<Http1Upgrade> upgrades = new ArrayList<>();
    for (Protocol protocol : context.listenerProtocols()) {
      if (protocol instanceof Http1Upgrade) {
        upgrades.add((Http1Upgrade) protocol);
      }
    }
    Http1UpgradeHandler upgrade =
        upgrades.isEmpty() ? null : new Http1UpgradeHandler(channel, context, upgrades);
    channel.pipeline().addLast(SERVER, new Http1ServerHandler(context, upgrade));
  }

  @Override
  public ClientConnection installClient(Channel channel, ClientContext context) {
    Http1ClientConnection connection = new Http1ClientConnection(channel, context);
    channel.pipeline().addLast(CLIENT, connection);
    return connection;
  }

  @Override
  public boolean multiplexing() {
    return false;
  }
}
