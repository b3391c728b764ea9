package dev.weft.dataplane.protocol.http1;

import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/1.1 ({@code Http1}), recognised by a request line's method token. When the listener also
 * speaks a protocol that implements {@link Http1Upgrade}, a connection's first request may switch
 * to it.
 */
public final class Http1Protocol implements Protocol {
  public static final String NAME = Http1RequestHead.PROTOCOL;

  static final String CODEC = "http1-codec";
  static final String SERVER = "http1-server";

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
    ProtocolOptions options = context.options();
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(options.maxInitialLineBytes())
            .setMaxHeaderSize(options.maxHeaderBytes())
            .setMaxChunkSize(64 * 1024);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(CODEC, new HttpServerCodec(decoder));
    List<Http1Upgrade> upgrades = new ArrayList<>();
    for (Protocol protocol : context.listenerProtocols()) {
      if (protocol instanceof Http1Upgrade) {
        upgrades.add((Http1Upgrade) protocol);
      }
    }
    if (!upgrades.isEmpty()) {
      pipeline.addLast(
          Http1UpgradeHandler.NAME, new Http1UpgradeHandler(channel, context, upgrades));
    }
    pipeline.addLast(SERVER, new Http1ServerHandler(context));
  }

  @Override
  public ClientConnection installClient(Channel channel, ClientContext context) {
    ProtocolOptions options = context.options();
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(options.maxInitialLineBytes())
            .setMaxHeaderSize(Math.max(options.maxHeaderBytes(), 64 * 1024))
            .setMaxChunkSize(64 * 1024);
    Http1ClientConnection connection = new Http1ClientConnection(channel, context);
    channel.pipeline().addLast("http1-codec", new HttpClientCodec(decoder, false, false));
    channel.pipeline().addLast("http1-client", connection);
    return connection;
  }

  @Override
  public boolean multiplexing() {
    return false;
  }
}
