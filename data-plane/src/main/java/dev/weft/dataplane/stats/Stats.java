package dev.weft.dataplane.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every metric set of one sidecar. One instance, created by the composition root. */
public final class Stats {
  private final Map<String, MetricSet> sets = new ConcurrentHashMap<>();

  /**
   * The set of {@code type} with {@code labels} given as name/value pairs, created on first use.
   */
  public MetricSet set(String type, String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    String key = type + labels;
    return sets.computeIfAbsent(key, k -> new MetricSet(type, labels));
  }

  /** {@code downstream} metrics of a listener. */
  public MetricSet listener(String name) {
    return set("downstream", "listener", name);
  }

  /** {@code downstream} metrics summed over every listener. */
  public MetricSet proxyGlobal() {
    return set("downstream", "proxy", "global");
  }

  /** {@code upstream} metrics of a cluster. */
  public MetricSet cluster(String name) {
    return set("upstream", "cluster", name);
  }

  /** {@code upstream} metrics of one host of a cluster. */
  public MetricSet host(String cluster, String host) {
    return set("upstream", "cluster", cluster, "host", host);
  }

  /** Every set, sorted by type and labels. */
  public List<MetricSet> all() {
    List<MetricSet> all = new ArrayList<>(sets.values());
    all.sort(Comparator.comparing(MetricSet::type).thenComparing(MetricSet::labelKey));
    return all;
  }
}
