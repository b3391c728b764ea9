package dev.weft.dataplane.protocol;

import dev.weft.dataplane.extension.Named;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * A wire protocol, registered by name ({@code Http1}, {@code Http2}, {@code bolt}...): how to
 * recognise it from a connection's first bytes, and its server and client codecs.
 */
public interface Protocol extends Named {

  /** Looks at the first bytes of a connection without consuming them. */
  Detection detect(ByteBuf firstBytes);

  /**
   * Installs the server codec on a downstream channel, after any bytes already read are re-fired.
   */
  void installServer(Channel channel, ServerContext context);

  /** Installs the client codec on a connected upstream channel. */
  ClientConnection installClient(Channel channel, ClientContext context);

  /** Whether one connection carries many concurrent streams (pools keep one per host). */
  boolean multiplexing();
}
