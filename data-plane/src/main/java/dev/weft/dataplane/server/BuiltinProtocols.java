package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.protocol.http1.Http1Protocol;
import java.util.List;

/** The protocols Weft ships, and the order {@code Auto} tries them in. */
final class BuiltinProtocols {
  private BuiltinProtocols() {}

  static ProtocolRegistry create() {
    Registry<Protocol> registry =
        Registry.<Protocol>caseInsensitiveBuilder("protocol").register(new Http1Protocol()).build();
    return new ProtocolRegistry(registry, List.of(Http1Protocol.NAME));
  }
}
