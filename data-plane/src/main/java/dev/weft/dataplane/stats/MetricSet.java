package dev.weft.dataplane.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of one thing (a listener, a cluster, a host): a {@code type} such as {@code
 * downstream} and labels such as {@code listener="egress"}, as in MOSN.
 */
public final class MetricSet {
  private final String type;
  private final Map<String, String> labels;
  private final Map<String, Object> metrics = new ConcurrentHashMap<>();

  MetricSet(String type, Map<String, String> labels) {
    this.type = type;
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  public String type() {
    return type;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Counter counter(String name) {
    return (Counter) metrics.computeIfAbsent(name, n -> new Counter());
  }

  public Gauge gauge(String name) {
    return (Gauge) metrics.computeIfAbsent(name, n -> new Gauge());
  }

  public Histogram histogram(String name) {
    return (Histogram) metrics.computeIfAbsent(name, n -> new Histogram());
  }

  /** The metrics by name, sorted: {@link Counter}, {@link Gauge} or {@link Histogram}. */
  public Map<String, Object> metrics() {
    return new java.util.TreeMap<>(metrics);
  }

  /** {@code listener.egress}: MOSN's key for this set within its type. */
  public String labelKey() {
    StringBuilder key = new StringBuilder();
    labels.forEach(
        (k, v) -> {
          if (key.length() > 0) {
            key.append('.');
          }
          key.append(k).append('.').append(v);
        });
    return key.toString();
  }
}
