package dev.weft.e2e.mesh;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sidecar's counters from its admin {@code /api/v1/stats}: a listener's {@code downstream} set
 * ({@code request_total}, {@code request_503_total}, {@code request_failed}, …) and a cluster's
 * {@code upstream} set ({@code response_failed}, {@code request_retry}, {@code
 * connection_con_fail}, {@code upstream_rq_no_healthy_host}, …).
 */
record SidecarStats(Map<String, Long> counters) {

  /** The {@code downstream} counters of listener {@code name}; empty if it has none yet. */
  static SidecarStats listener(int admin, String name) throws IOException, InterruptedException {
    return read(admin, "downstream", "listener." + name);
  }

  /** The {@code upstream} counters of cluster {@code name}; empty if it has none yet. */
  static SidecarStats cluster(int admin, String name) throws IOException, InterruptedException {
    return read(admin, "upstream", "cluster." + name);
  }

  private static SidecarStats read(int admin, String type, String labels)
      throws IOException, InterruptedException {
    JsonObject root =
        JsonParser.parseString(ControlPlaneFixture.get(admin, "/api/v1/stats")).getAsJsonObject();
    Map<String, Long> counters = new TreeMap<>();
    JsonObject ofType = root.getAsJsonObject(type);
    JsonObject set = ofType == null ? null : ofType.getAsJsonObject(labels);
    if (set != null) {
      for (Map.Entry<String, JsonElement> metric : set.entrySet()) {
        if (metric.getValue().isJsonPrimitive()) {
          counters.put(metric.getKey(), metric.getValue().getAsLong());
        }
      }
    }
    return new SidecarStats(counters);
  }

  long get(String counter) {
    return counters.getOrDefault(counter, 0L);
  }

  /** How much {@code counter} grew since {@code before}. */
  long since(SidecarStats before, String counter) {
    return get(counter) - before.get(counter);
  }
}
