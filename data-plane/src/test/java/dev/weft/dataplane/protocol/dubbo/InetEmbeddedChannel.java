package dev.weft.dataplane.protocol.dubbo;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An embedded channel with socket addresses, as the RPC server handler expects. */
final class InetEmbeddedChannel extends EmbeddedChannel {
  @Override
  protected SocketAddress localAddress0() {
    return new InetSocketAddress("127.0.0.1", 20880);
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return new InetSocketAddress("127.0.0.1", 50000);
  }
}
