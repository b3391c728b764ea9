package dev.weft.dataplane.protocol;

import dev.weft.dataplane.network.Flusher;
import java.util.List;

/**
 * What a server codec needs from its listener: who takes its streams, its limits, the loop's {@link
 * Flusher}, and the listener's other protocols (for HTTP/1's h2c upgrade).
 */
public record ServerContext(
    StreamAcceptor acceptor,
    ProtocolOptions options,
    Flusher flusher,
    List<Protocol> listenerProtocols) {

  public ServerContext {
    listenerProtocols = List.copyOf(listenerProtocols);
  }
}
