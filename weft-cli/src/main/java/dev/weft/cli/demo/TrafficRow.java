package dev.weft.cli.demo;

import java.util.Map;

/**
 * One service's traffic as the demo shows it: the rate and the answers per provider over the last
 * reading interval, and the totals since its consumer started.
 *
 * @param perSecond calls finished (answered or failed) per second over the last interval
 * @param ok correct answers in all
 * @param failures errors and wrong answers in all
 * @param lastInterval answers per provider in the last interval
 * @param total answers per provider in all
 * @param lastError the consumer's last failure, or null
 */
public record TrafficRow(
    DemoService service,
    double perSecond,
    long ok,
    long failures,
    Map<String, Long> lastInterval,
    Map<String, Long> total,
    String lastError) {
  public TrafficRow {
    lastInterval = Map.copyOf(lastInterval);
    total = Map.copyOf(total);
  }

  /** No reading yet. */
  public static TrafficRow empty(DemoService service) {
    return new TrafficRow(service, 0, 0, 0, Map.of(), Map.of(), null);
  }

  /** Whether {@code provider} answered in the last interval. */
  public boolean answeredRecentlyBy(String provider) {
    return lastInterval.getOrDefault(provider, 0L) > 0;
  }

  /** Whether {@code provider} answered at all. */
  public boolean answeredBy(String provider) {
    return total.getOrDefault(provider, 0L) > 0;
  }
}
