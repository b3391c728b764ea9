package dev.weft.dataplane.admin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Gauge;
import dev.weft.dataplane.stats.Histogram;
import dev.weft.dataplane.stats.MetricSet;
import dev.weft.dataplane.stats.Stats;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/stats}: every metric set as {@code {type: {labelKey: {metric: value}}}}, for
 * example {@code {"downstream": {"listener.egress": {"request_total": 3}}}}. {@code ?key=} keeps
 * one set, named {@code <type>.<labelKey>} as in MOSN ({@code downstream.listener.egress}).
 *
 * <p>A histogram is an object: {@code count}, {@code min}, {@code max}, {@code mean}, {@code P50},
 * {@code P90}, {@code P99}, {@code P99.9}, durations in nanoseconds, the unit MOSN records them in
 * (Weft keeps microseconds, so the last three digits are always 0).
 */
final class StatsJson {
  /** MOSN's histograms hold Go durations (nanoseconds); Weft's hold microseconds. */
  static final long NANOS_PER_MICRO = 1_000;

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private StatsJson() {}

  static AdminResponse answer(Stats stats, Map<String, List<String>> query) {
    List<String> keys = query.get("key");
    if (query.size() > (keys == null ? 0 : 1) || (keys != null && keys.size() != 1)) {
      return AdminResponse.text(
          400, "stats takes at most one query parameter, key=<type>.<label>.<value>");
    }
    String key = keys == null ? null : keys.get(0);
    JsonObject root = new JsonObject();
    for (MetricSet set : stats.all()) {
      if (key != null && !key.equals(fullKey(set))) {
        continue;
      }
      JsonObject ofType = root.getAsJsonObject(set.type());
      if (ofType == null) {
        ofType = new JsonObject();
        root.add(set.type(), ofType);
      }
      ofType.add(set.labelKey(), metrics(set));
    }
    if (key != null && root.size() == 0) {
      return AdminResponse.text(404, "no metrics under key '" + key + "'");
    }
    return AdminResponse.json(GSON.toJson(root));
  }

  /** {@code downstream.listener.egress}. */
  static String fullKey(MetricSet set) {
    String labels = set.labelKey();
    return labels.isEmpty() ? set.type() : set.type() + "." + labels;
  }

  private static JsonObject metrics(MetricSet set) {
    JsonObject json = new JsonObject();
    set.metrics()
        .forEach(
            (name, metric) -> {
              if (metric instanceof Counter counter) {
                json.addProperty(name, counter.get());
              } else if (metric instanceof Gauge gauge) {
                json.addProperty(name, gauge.get());
              } else if (metric instanceof Histogram histogram) {
                json.add(name, histogram(histogram.snapshot()));
              }
            });
    return json;
  }

  private static JsonObject histogram(Histogram.Snapshot snapshot) {
    JsonObject json = new JsonObject();
    json.addProperty("count", snapshot.count());
    json.addProperty("min", snapshot.min() * NANOS_PER_MICRO);
    json.addProperty("max", snapshot.max() * NANOS_PER_MICRO);
    json.addProperty("mean", Math.round(snapshot.mean() * NANOS_PER_MICRO));
    json.addProperty("P50", snapshot.p50() * NANOS_PER_MICRO);
    json.addProperty("P90", snapshot.p90() * NANOS_PER_MICRO);
    json.addProperty("P99", snapshot.p99() * NANOS_PER_MICRO);
    json.addProperty("P99.9", snapshot.p999() * NANOS_PER_MICRO);
    return json;
  }
}
