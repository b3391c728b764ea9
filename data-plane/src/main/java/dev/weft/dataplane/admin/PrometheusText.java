package dev.weft.dataplane.admin;

import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Gauge;
import dev.weft.dataplane.stats.Histogram;
import dev.weft.dataplane.stats.MetricSet;
import dev.weft.dataplane.stats.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /stats/prometheus}: the Prometheus text exposition format, version 0.0.4, with the names
 * MOSN's Prometheus sink uses.
 *
 * <ul>
 *   <li>A metric is {@code <type>_<name>} with the set's labels, characters outside {@code
 *       [a-zA-Z0-9_:]} replaced by {@code _}: {@code downstream_request_total{listener="egress"}}.
 *   <li>Counters are typed {@code counter}, everything else {@code gauge}.
 *   <li>A histogram {@code h} becomes gauges {@code h_min} and {@code h_max} and {@code
 *       h{...,percentile="P50"}} (also P90, P99), in nanoseconds, the unit MOSN records durations
 *       in.
 * </ul>
 *
 * <p>Samples of one name are written together under one {@code # TYPE} line, names sorted.
 */
final class PrometheusText {
  private static final String[] PERCENTILES = {"P50", "P90", "P99"};

  private PrometheusText() {}

  static String render(Stats stats) {
    Map<String, Family> families = new TreeMap<>();
    for (MetricSet set : stats.all()) {
      String labels = labels(set.labels());
      for (Map.Entry<String, Object> metric : set.metrics().entrySet()) {
        String name = name(set.type() + "_" + metric.getKey());
        Object value = metric.getValue();
        if (value instanceof Counter counter) {
          family(families, name, "counter").add(name + braces(labels) + " " + counter.get());
        } else if (value instanceof Gauge gauge) {
          family(families, name, "gauge").add(name + braces(labels) + " " + gauge.get());
        } else if (value instanceof Histogram histogram) {
          histogram(families, name, labels, histogram.snapshot());
        }
      }
    }
    StringBuilder out = new StringBuilder();
    families.forEach(
        (name, family) -> {
          out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
          family.samples.forEach(sample -> out.append(sample).append('\n'));
        });
    return out.toString();
  }

  private static void histogram(
      Map<String, Family> families, String name, String labels, Histogram.Snapshot snapshot) {
    long nanos = StatsJson.NANOS_PER_MICRO;
    family(families, name + "_min", "gauge")
        .add(name + "_min" + braces(labels) + " " + snapshot.min() * nanos);
    family(families, name + "_max", "gauge")
        .add(name + "_max" + braces(labels) + " " + snapshot.max() * nanos);
    Family percentiles = family(families, name, "gauge");
    long[] values = {snapshot.p50(), snapshot.p90(), snapshot.p99()};
    for (int i = 0; i < PERCENTILES.length; i++) {
      String withPercentile =
          (labels.isEmpty() ? "" : labels + ",") + "percentile=\"" + PERCENTILES[i] + "\"";
      percentiles.add(name + braces(withPercentile) + " " + values[i] * nanos);
    }
  }

  private static Family family(Map<String, Family> families, String name, String type) {
    return families.computeIfAbsent(name, n -> new Family(type));
  }

  /** {@code listener="egress",host="a\"b"}: names cleaned, values escaped. */
  static String labels(Map<String, String> labels) {
    List<String> pairs = new ArrayList<>();
    labels.forEach((k, v) -> pairs.add(labelName(k) + "=\"" + escape(v) + "\""));
    return String.join(",", pairs);
  }

  private static String braces(String labels) {
    return labels.isEmpty() ? "" : "{" + labels + "}";
  }

  /** A metric name: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, other characters replaced by {@code _}. */
  static String name(String raw) {
    String cleaned = raw.replaceAll("[^a-zA-Z0-9_:]", "_");
    return Character.isDigit(cleaned.charAt(0)) ? "_" + cleaned : cleaned;
  }

  private static String labelName(String raw) {
    String cleaned = raw.replaceAll("[^a-zA-Z0-9_]", "_");
    return cleaned.isEmpty() || Character.isDigit(cleaned.charAt(0)) ? "_" + cleaned : cleaned;
  }

  /** A label value per the exposition format: backslash, double quote and newline escaped. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** The samples of one metric name, and the type its {@code # TYPE} line states. */
  private static final class Family {
    final String type;
    final List<String> samples = new ArrayList<>();

    Family(String type) {
      this.type = type;
    }

    void add(String sample) {
      samples.add(sample);
    }
  }
}
