package dev.weft.dataplane.proxy;

import dev.weft.dataplane.config.RouteAction.HashPolicy;
import dev.weft.dataplane.config.RouteAction.HeaderHash;
import dev.weft.dataplane.config.RouteAction.SourceIpHash;
import dev.weft.dataplane.protocol.ConnectionInfo;
import dev.weft.dataplane.protocol.RequestHead;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * Hash keys for consistent hashing: the same header value or client address gives the same key in
 * every sidecar (FNV-1a over the bytes, then a 64-bit mix), so they all pick the same host.
 */
final class HashKeys {
  private HashKeys() {}

  static OptionalLong compute(
      List<HashPolicy> policies, RequestHead head, ConnectionInfo connection) {
    for (HashPolicy policy : policies) {
      if (policy instanceof HeaderHash) {
        String value = head.headers().get(((HeaderHash) policy).header());
        if (value != null) {
          return OptionalLong.of(hash(value.getBytes(StandardCharsets.UTF_8)));
        }
      } else if (policy instanceof SourceIpHash && connection.remoteAddress() != null) {
        return OptionalLong.of(hash(connection.remoteAddress().getAddress().getAddress()));
      }
    }
    return OptionalLong.empty();
  }

  static long hash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
