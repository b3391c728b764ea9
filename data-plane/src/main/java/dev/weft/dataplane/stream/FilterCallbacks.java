package dev.weft.dataplane.stream;

import dev.weft.dataplane.protocol.LocalReply;
import io.netty.channel.EventLoop;

/** What a stream filter may do to its request. */
public interface FilterCallbacks {
  /** The stream's event loop, for timers; a filter never blocks it. */
  EventLoop eventLoop();

  RequestInfo info();

  /**
   * Answers the request now; the filter then returns (or has returned) {@link FilterStatus#STOP}.
   */
  void sendLocalReply(LocalReply reply);

  /** Continues a chain this filter stopped. */
  void resume();
}
