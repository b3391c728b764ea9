package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.http1.Http1Upgrade;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.MetricSet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 over cleartext ({@code Http2}): recognised by the client connection preface, or reached
 * from HTTP/1 through {@code Upgrade: h2c}. Upstream connections use prior knowledge.
 *
 * <p>Counts connection-level protocol errors in its metric set: {@code downstream_protocol_error}
 * and {@code upstream_protocol_error}.
 */
public final class Http2Protocol implements Protocol, Http1Upgrade {
  public static final String NAME = Http2RequestHead.PROTOCOL;

  /** RFC 9113 §3.4: what an HTTP/2 client sends first. */
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** The smallest response header list limit upstream, whatever the downstream one is. */
  private static final int MIN_UPSTREAM_HEADER_LIST = 64 * 1024;

  private final Counter downstreamErrors;
  private final Counter upstreamErrors;

  public Http2Protocol(MetricSet stats) {
    this.downstreamErrors = stats.counter("downstream_protocol_error");
    this.upstreamErrors = stats.counter("upstream_protocol_error");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Detection detect(ByteBuf in) {
    int seen = Math.min(in.readableBytes(), PREFACE.length);
    int start = in.readerIndex();
    for (int i = 0; i < seen; i++) {
      if (in.getByte(start + i) != PREFACE[i]) {
        return Detection.NO_MATCH;
      }
    }
    return seen == PREFACE.length ? Detection.MATCH : Detection.NEED_MORE_DATA;
  }

  @Override
  public void installServer(Channel channel, ServerContext context) {
    Http2FrameCodec codec = serverCodec(context.options());
    channel.pipeline().addLast("http2-codec", codec);
    channel
        .pipeline()
        .addLast("http2-server", new Http2ServerHandler(codec, context, downstreamErrors));
  }

  @Override
  public ClientConnection installClient(Channel channel, ClientContext context) {
    ProtocolOptions options = context.options();
    Http2Settings settings =
        new Http2Settings()
            .pushEnabled(false)
            .initialWindowSize(options.initialWindowBytes())
            .maxHeaderListSize(Math.max(options.maxHeaderBytes(), MIN_UPSTREAM_HEADER_LIST));
    Http2FrameCodec codec =
        Http2FrameCodecBuilder.forClient()
            .initialSettings(settings)
            .gracefulShutdownTimeoutMillis(0)
            .build();
    Http2ClientConnection connection = new Http2ClientConnection(codec, context, upstreamErrors);
    channel.pipeline().addLast("http2-codec", codec);
    channel.pipeline().addLast("http2-client", connection);
    return connection;
  }

  @Override
  public boolean multiplexing() {
    return true;
  }

  // ----- h2c upgrade from HTTP/1 -----

  @Override
  public String upgradeToken() {
    return "h2c";
  }

  @Override
  public HttpServerUpgradeHandler.UpgradeCodec newUpgradeCodec(
      Channel channel, ServerContext context) {
    Http2FrameCodec codec = serverCodec(context.options());
    return new Http2ServerUpgradeCodec(
        codec, new Http2ServerHandler(codec, context, downstreamErrors));
  }

  private static Http2FrameCodec serverCodec(ProtocolOptions options) {
    Http2Settings settings =
        new Http2Settings()
            .maxConcurrentStreams(options.maxConcurrentStreams())
            .initialWindowSize(options.initialWindowBytes())
            .maxHeaderListSize(options.maxHeaderBytes());
    // Closing sends GOAWAY and closes at once: streams left are reset, not waited for.
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(settings)
        .gracefulShutdownTimeoutMillis(0)
        .build();
  }
}
