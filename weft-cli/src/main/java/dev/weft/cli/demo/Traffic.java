package dev.weft.cli.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers' counters over time: the last two readings of each service, from which each row's
 * rate and recent answers come. A service whose consumer could not be read keeps its last reading.
 */
public final class Traffic {
  private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);

  private record Sample(ConsumerStats stats, long nanos) {}

  private final Map<DemoService, Sample> previous = new EnumMap<>(DemoService.class);
  private final Map<DemoService, Sample> current = new EnumMap<>(DemoService.class);

  /** Takes the readings made at {@code nanos} (System.nanoTime); missing services keep theirs. */
  public synchronized void record(Map<DemoService, ConsumerStats> readings, long nanos) {
    readings.forEach(
        (service, stats) -> {
          Sample last = current.put(service, new Sample(stats, nanos));
          if (last != null) {
            previous.put(service, last);
            long failed = stats.failures() - last.stats().failures();
            if (failed > 0) {
              LOG.warn(
                  "{}: {} more failed calls ({} in all); the last: {}",
                  service.protocol(),
                  failed,
                  stats.failures(),
                  stats.lastError());
            }
          }
        });
  }

  /** Every service's row, in {@link DemoService} order. */
  public synchronized List<TrafficRow> rows() {
    List<TrafficRow> rows = new ArrayList<>();
    for (DemoService service : DemoService.values()) {
      rows.add(row(service));
    }
    return rows;
  }

  /** One service's row. */
  public synchronized TrafficRow row(DemoService service) {
    Sample now = current.get(service);
    if (now == null) {
      return TrafficRow.empty(service);
    }
    Sample before = previous.get(service);
    ConsumerStats stats = now.stats();
    if (before == null) {
      return new TrafficRow(
          service, 0, stats.ok(), stats.failures(), Map.of(), stats.answers(), stats.lastError());
    }
    ConsumerStats earlier = before.stats();
    double seconds = Math.max(1e-3, (now.nanos() - before.nanos()) / 1e9);
    long finished = stats.ok() + stats.failures() - earlier.ok() - earlier.failures();
    Map<String, Long> recent = new TreeMap<>();
    stats
        .answers()
        .forEach(
            (provider, count) -> {
              long delta = count - earlier.answeredBy(provider);
              if (delta > 0) {
                recent.put(provider, delta);
              }
            });
    return new TrafficRow(
        service,
        Math.max(0, finished) / seconds,
        stats.ok(),
        stats.failures(),
        recent,
        stats.answers(),
        stats.lastError());
  }
}
