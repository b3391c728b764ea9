package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.upstream.Host;
import java.nio.charset.StandardCharsets;

/**
 * Stable 64-bit hashes of host identities (FNV-1a over the UTF-8 bytes, then the SplitMix64
 * finalizer), so every sidecar and every JVM lays out the same table for the same hosts.
 */
final class HostHash {
  private HostHash() {}

  /** What a host is known by when hashing: its configured {@code host:port}. */
  static String identity(Host host) {
    return host.address().toString();
  }

  static long of(String text, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
