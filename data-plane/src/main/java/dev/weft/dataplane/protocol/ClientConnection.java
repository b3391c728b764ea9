package dev.weft.dataplane.protocol;

import io.netty.channel.EventLoop;

/**
 * An upstream connection with a client codec, owned by a connection pool. HTTP/1 carries one stream
 * at a time; HTTP/2 and the RPC protocols multiplex many. Called on {@link #eventLoop()}.
 */
public interface ClientConnection {
  EventLoop eventLoop();

  /** Opens a stream; only when {@link #canOpenStream()}. */
  ClientStream newStream(ClientStreamListener listener);

  /** Whether another stream may start now. */
  boolean canOpenStream();

  int activeStreams();

  boolean isOpen();

  /** Whether the connection takes no new streams any more (GOAWAY, {@code Connection: close}). */
  boolean isDraining();

  /** Stops new streams; the connection closes once its active streams end. */
  void drain();

  /** Closes now; active streams are reset with {@link ResetReason#CONNECTION_TERMINATION}. */
  void close();
}
