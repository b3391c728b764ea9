package dev.weft.cli.demo;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/** Reads every consumer's counters ({@code GET /stats} on its control port) at once. */
final class StatsReader {
  private final Http http;
  private final ToIntFunction<DemoService> controlPort;

  StatsReader(Http http, ToIntFunction<DemoService> controlPort) {
    this.http = http;
    this.controlPort = controlPort;
  }

  /** The counters of the consumers that answered; one that did not is left out. */
  CompletableFuture<Map<DemoService, ConsumerStats>> read() {
    Map<DemoService, CompletableFuture<ConsumerStats>> reads = new EnumMap<>(DemoService.class);
    for (DemoService service : DemoService.values()) {
      reads.put(
          service,
          http.get(controlPort.applyAsInt(service), "/stats")
              .thenApply(ConsumerStats::parse)
              .handle((stats, error) -> error == null ? stats : null));
    }
    return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              Map<DemoService, ConsumerStats> readings = new EnumMap<>(DemoService.class);
              for (DemoService service : List.of(DemoService.values())) {
                ConsumerStats stats = reads.get(service).join();
                if (stats != null) {
                  readings.put(service, stats);
                }
              }
              return readings;
            });
  }
}
