package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.protocol.bolt.BoltCodec;
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
            .register(new RpcProtocol(BoltCodec.v1(), stats.set("protocol", "protocol", "bolt")))
            .register(new RpcProtocol(BoltCodec.v2(), stats.set("protocol", "protocol", "boltv2")))
            .register(
                new RpcProtocol(
                    new DubboCodec(), stats.set("protocol", "protocol", DubboCodec.NAME)))
            .build();
    // Definite signatures first (HTTP/2's preface, the RPC protocols' first bytes); HTTP/1 is
    // recognised only by its request line, so it comes last.
    return new ProtocolRegistry(
        registry,
        List.of(
            Http2Protocol.NAME, // the client preface
            BoltCodec.V1_NAME, // 0x01
            BoltCodec.V2_NAME, // 0x02
            DubboCodec.NAME, // magic 0xdabb
            Http1Protocol.NAME)); // last
  }
}
