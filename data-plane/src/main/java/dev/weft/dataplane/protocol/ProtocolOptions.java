package dev.weft.dataplane.protocol;

/**
 * Codec limits, from the proxy filter's {@code extend_config}.
 *
 * @param maxHeaderBytes larger request heads get 431 (HTTP/1) or a stream reset (HTTP/2)
 * @param maxInitialLineBytes longer HTTP/1 request lines get 414
 * @param maxConcurrentStreams HTTP/2 streams a downstream may open at once
 * @param initialWindowBytes HTTP/2 per-stream flow-control window
 * @param maxFrameBytes larger RPC frames (Bolt, Dubbo) close the connection
 */
public record ProtocolOptions(
    int maxHeaderBytes,
    int maxInitialLineBytes,
    int maxConcurrentStreams,
    int initialWindowBytes,
    int maxFrameBytes) {

  /** Dubbo's own default payload limit is 8 MiB; Weft allows the same for every RPC protocol. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

  public static final ProtocolOptions DEFAULTS =
      new ProtocolOptions(16 * 1024, 8 * 1024, 1024, 1024 * 1024, DEFAULT_MAX_FRAME_BYTES);

  public ProtocolOptions(
      int maxHeaderBytes,
      int maxInitialLineBytes,
      int maxConcurrentStreams,
      int initialWindowBytes) {
    this(
        maxHeaderBytes,
        maxInitialLineBytes,
        maxConcurrentStreams,
        initialWindowBytes,
        DEFAULT_MAX_FRAME_BYTES);
  }
}
