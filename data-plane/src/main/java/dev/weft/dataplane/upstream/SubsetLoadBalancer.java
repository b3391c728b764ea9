package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ClusterConfig.LbSubsetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subset load balancing (MOSN's and Envoy's {@code lb_subset_config}): a cluster's hosts split by
 * metadata, each subset with its own balancer of the cluster's {@code lb_type}.
 *
 * <p>When the cluster is built (off the event loops), every selector, a list of metadata keys,
 * groups the hosts that carry all its keys by their values for them: selector {@code [version]}
 * over hosts tagged {@code version=v1} and {@code version=v2} gives subsets {@code {version=v1}}
 * and {@code {version=v2}}. A request's {@link LbContext#metadataMatch()} names its subset by the
 * same key/values, so it finds one only when its keys are exactly a selector's keys, as in Envoy.
 * Picking is then a hash-map lookup and the inner balancer's pick.
 *
 * <p>No subset for the match, or no match at all, takes the fallback policy: {@code NO_FALLBACK}
 * picks no host; {@code ANY_ENDPOINT} picks from the whole cluster; {@code DEFAULT_SUBSET} from the
 * hosts carrying every key/value of {@code default_subset} (all hosts when it is empty). Each use
 * of a fallback is reported, for {@code lb_subsets_fallback}. A subset that exists but whose hosts
 * are all down yields no host rather than a fallback, as a subset with no hosts never exists.
 */
public final class SubsetLoadBalancer implements LoadBalancer {
  private final Map<Map<String, String>, LoadBalancer> subsets;
  private final LoadBalancer fallback;
  private final Runnable onFallback;

  private SubsetLoadBalancer(
      Map<Map<String, String>, LoadBalancer> subsets, LoadBalancer fallback, Runnable onFallback) {
    this.subsets = Map.copyOf(subsets);
    this.fallback = fallback;
    this.onFallback = onFallback;
  }

  /**
   * A subset balancer over {@code hosts}.
   *
   * @param policy the cluster's {@code lb_type}, used inside each subset and for the fallback
   * @param onFallback run each time a request falls back to the fallback policy's hosts
   */
  public static LoadBalancer create(
      LoadBalancerFactory policy,
      ClusterConfig cluster,
      LbSubsetConfig subset,
      List<Host> hosts,
      Runnable onFallback) {
    Map<Map<String, String>, LoadBalancer> subsets = new HashMap<>();
    group(subset.selectors(), hosts)
        .forEach((key, members) -> subsets.put(key, policy.create(cluster, members)));
    LoadBalancer fallback =
        switch (subset.fallbackPolicy()) {
          case NO_FALLBACK -> null;
          case ANY_ENDPOINT -> policy.create(cluster, hosts);
          case DEFAULT_SUBSET -> policy.create(cluster, matching(subset.defaultSubset(), hosts));
        };
    return new SubsetLoadBalancer(subsets, fallback, onFallback);
  }

  @Override
  public Host choose(LbContext context) {
    Map<String, String> match = context.metadataMatch();
    if (!match.isEmpty()) {
      LoadBalancer inner = subsets.get(match);
      if (inner != null) {
        return inner.choose(context);
      }
    }
    if (fallback == null) {
      return null;
    }
    onFallback.run();
    return fallback.choose(context);
  }

  /** Subset key (selector keys and a host's values for them) -> its hosts, in cluster order. */
  public static Map<Map<String, String>, List<Host>> group(
      List<List<String>> selectors, List<Host> hosts) {
    Map<Map<String, String>, List<Host>> groups = new LinkedHashMap<>();
    // [a, b] and [b, a] select the same subsets: count each key set once.
    Set<Set<String>> keySets = new LinkedHashSet<>();
    for (List<String> selector : selectors) {
      if (!selector.isEmpty()) {
        keySets.add(Set.copyOf(selector));
      }
    }
    for (Set<String> selector : keySets) {
      for (Host host : hosts) {
        Map<String, String> key = new HashMap<>();
        for (String name : selector) {
          String value = host.metadata().get(name);
          if (value == null) {
            key = null;
            break;
          }
          key.put(name, value);
        }
        if (key != null) {
          groups.computeIfAbsent(Map.copyOf(key), k -> new ArrayList<>()).add(host);
        }
      }
    }
    return groups;
  }

  /** The hosts that carry every key/value of {@code required}. */
  static List<Host> matching(Map<String, String> required, List<Host> hosts) {
    List<Host> matched = new ArrayList<>();
    for (Host host : hosts) {
      if (host.metadata().entrySet().containsAll(required.entrySet())) {
        matched.add(host);
      }
    }
    return matched;
  }
}
