package dev.weft.dataplane.protocol;

/**
 * Codec limits, from the proxy filter's {@code extend_config}.
 *
 * @param maxHeaderBytes larger request heads get 431 (HTTP/1) or a stream reset (HTTP/2)
 * @param maxInitialLineBytes longer HTTP/1 request lines get 414
 * @param maxConcurrentStreams HTTP/2 streams a downstream may open at once
 * @param initialWindowBytes HTTP/2 per-stream flow-control window
 */
public record ProtocolOptions(
    int maxHeaderBytes, int maxInitialLineBytes, int maxConcurrentStreams, int initialWindowBytes) {

  public static final ProtocolOptions DEFAULTS =
      new ProtocolOptions(16 * 1024, 8 * 1024, 1024, 1024 * 1024);
}
