package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.stats.Counter;
import io.netty.channel.embedded.EmbeddedChannel;

/** The shared RPC machinery's package-private parts, for codec tests in other packages. */
public final class RpcTestChannels {
  private RpcTestChannels() {}

  /** A channel that cuts inbound bytes into {@link RpcFrame}s as a real connection does. */
  public static EmbeddedChannel framing(RpcCodec codec, int maxFrameBytes, Counter badFrames) {
    return new EmbeddedChannel(new RpcFrameDecoder(codec, maxFrameBytes, badFrames));
  }
}
