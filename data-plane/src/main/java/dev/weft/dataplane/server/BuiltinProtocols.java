package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.protocol.dubbo.DubboCodec;
import dev.weft.dataplane.protocol.http1.Http1Protocol;
import dev.weft.dataplane.protocol.http2.Http2Protocol;
import dev.weft.dataplane.protocol.rpc.RpcProtocol;
import dev.weft.dataplane.stats.Stats;
import java.util.List;

/** The protocols Weft ships, and the order {@code Auto} tries them in. */
final class BuiltinProtocols {
  private BuiltinProtocols() {}

  static ProtocolRegistry create(Stats stats) {
    Registry<Protocol> registry =
        Registry.<Protocol>caseInsensitiveBuilder("protocol")
            .register(new Http2Protocol(stats.set("protocol", "protocol", Http2Protocol.NAME)))
            .register(new Http1Protocol())
            .register(
                new RpcProtocol(
                    new DubboCodec(), stats.set("protocol", "protocol", DubboCodec.NAME)))
            .build();
    // Definite signatures first (HTTP/2's preface, RPC magic bytes); HTTP/1 is recognised only by
    // its request line.
    return new ProtocolRegistry(
        registry,
        List.of(
            Http2Protocol.NAME, // the client preface
            DubboCodec.NAME, // magic 0xdabb
            Http1Protocol.NAME)); // last
  }
}
