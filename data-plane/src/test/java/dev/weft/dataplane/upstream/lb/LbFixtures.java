package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Hosts, contexts and pick counts for balancer tests. */
final class LbFixtures {
  private LbFixtures() {}

  static Host host(int n) {
    return host(n, 1, Map.of());
  }

  static Host host(int n, int weight) {
    return host(n, weight, Map.of());
  }

  static Host host(int n, int weight, Map<String, String> metadata) {
    HostPort address = new HostPort("10.0." + (n / 250) + "." + (n % 250 + 1), 8080);
    return new Host(
        address,
        InetSocketAddress.createUnresolved(address.host(), address.port()),
        weight,
        metadata,
        "");
  }

  /** Hosts 0..count-1 of weight 1. */
  static List<Host> hosts(int count) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hosts.add(host(i));
    }
    return hosts;
  }

  /** One host per weight, numbered from 0. */
  static List<Host> weighted(int... weights) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      hosts.add(host(i, weights[i]));
    }
    return hosts;
  }

  static LbContext key(long hashKey) {
    return new LbContext(OptionalLong.of(hashKey), Map.of(), Set.of());
  }

  static LbContext excluding(Host... tried) {
    return new LbContext(OptionalLong.empty(), Map.of(), Set.of(tried));
  }

  static LbContext keyExcluding(long hashKey, Host... tried) {
    return new LbContext(OptionalLong.of(hashKey), Map.of(), Set.of(tried));
  }

  static LbContext matching(Map<String, String> metadata) {
    return new LbContext(OptionalLong.empty(), metadata, Set.of());
  }

  /** How often each host was picked in {@code picks} picks (null picks counted under null). */
  static Map<Host, Integer> count(LoadBalancer lb, int picks, LbContext context) {
    Map<Host, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(lb.choose(context), 1, Integer::sum);
    }
    return counts;
  }

  static void down(Host... hosts) {
    Arrays.stream(hosts).forEach(h -> h.setHealthy(false));
  }

  /**
   * A cluster config with {@code lbType}, choice count and subset settings; hosts are passed apart.
   */
  static ClusterConfig cluster(
      String lbType, int choiceCount, Optional<ClusterConfig.LbSubsetConfig> subset) {
    return new ClusterConfig(
        "c",
        "SIMPLE",
        lbType,
        List.of(),
        ClusterConfig.CircuitBreakers.UNLIMITED,
        Duration.ofSeconds(1),
        Optional.empty(),
        0,
        choiceCount,
        subset);
  }

  static ClusterConfig cluster(String lbType) {
    return cluster(lbType, 2, Optional.empty());
  }
}
