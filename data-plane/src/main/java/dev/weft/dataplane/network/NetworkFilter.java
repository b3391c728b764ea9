package dev.weft.dataplane.network;

import io.netty.channel.Channel;

/** Handles a listener's connections: installs its handlers on each new channel. */
@FunctionalInterface
public interface NetworkFilter {
  void onNewConnection(Channel channel);
}
