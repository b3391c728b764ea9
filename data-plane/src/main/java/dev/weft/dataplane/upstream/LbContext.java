package dev.weft.dataplane.upstream;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a load balancer may consider for one request.
 *
 * @param hashKey for consistent hashing (ring hash, maglev); empty picks at random
 * @param metadataMatch subset selection: metadata the host must carry
 * @param exclude hosts already tried by this request (retries go elsewhere when they can)
 */
public record LbContext(
    OptionalLong hashKey, Map<String, String> metadataMatch, Set<Host> exclude) {
  public static final LbContext EMPTY = new LbContext(OptionalLong.empty(), Map.of(), Set.of());
}
