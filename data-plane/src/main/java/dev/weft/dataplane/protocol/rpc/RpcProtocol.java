package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.MetricSet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * A multiplexed RPC protocol as a registered {@link Protocol}: the shared framing, server and
 * client machinery around one {@link RpcCodec}.
 */
public final class RpcProtocol implements Protocol {
  private final RpcCodec codec;
  private final Counter downstreamBadFrames;
  private final Counter upstreamBadFrames;

  /** {@code stats} receives {@code downstream_bad_frame} and {@code upstream_bad_frame}. */
  public RpcProtocol(RpcCodec codec, MetricSet stats) {
    this.codec = codec;
    this.downstreamBadFrames = stats.counter("downstream_bad_frame");
    this.upstreamBadFrames = stats.counter("upstream_bad_frame");
  }

  public RpcCodec codec() {
    return codec;
  }

  @Override
  public String name() {
    return codec.name();
  }

  @Override
  public Detection detect(ByteBuf firstBytes) {
    return codec.detect(firstBytes);
  }

  @Override
  public void installServer(Channel channel, ServerContext context) {
    channel
        .pipeline()
        .addLast(
            "rpc-frames",
            new RpcFrameDecoder(codec, context.options().maxFrameBytes(), downstreamBadFrames));
    channel.pipeline().addLast("rpc-server", new RpcServerHandler(codec, context));
  }

  @Override
  public ClientConnection installClient(Channel channel, ClientContext context) {
    RpcClientConnection connection =
        new RpcClientConnection(codec, channel, context.listener(), context.flusher());
    long heartbeatMillis = codec.heartbeatInterval().toMillis();
    channel
        .pipeline()
        .addLast(
            "rpc-frames",
            new RpcFrameDecoder(codec, context.options().maxFrameBytes(), upstreamBadFrames));
    channel
        .pipeline()
        .addLast(
            "rpc-heartbeat", new IdleStateHandler(0, 0, heartbeatMillis, TimeUnit.MILLISECONDS));
    channel.pipeline().addLast("rpc-client", connection);
    return connection;
  }

  @Override
  public boolean multiplexing() {
    return true;
  }
}
