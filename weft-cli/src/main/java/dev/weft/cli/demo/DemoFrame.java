package dev.weft.cli.demo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one refresh of the live table shows.
 *
 * @param store which registry store the control plane uses, e.g. {@code etcd (127.0.0.1:2379)}
 * @param sinceStart time since the demo started
 * @param traffic time since the traffic started, empty while the mesh is starting
 * @param duration how long the traffic runs, empty until Ctrl-C
 * @param step the scenario's current step
 * @param pods each pod and its state
 * @param rows one per service
 * @param events the latest things that happened, oldest first
 * @param runDir where the logs are
 * @param over whether this is the last frame, after every process stopped
 */
public record DemoFrame(
    String store,
    Duration sinceStart,
    Optional<Duration> traffic,
    Optional<Duration> duration,
    String step,
    String pods,
    List<TrafficRow> rows,
    List<String> events,
    String runDir,
    boolean over) {
  public DemoFrame {
    rows = List.copyOf(rows);
    events = List.copyOf(events);
  }
}
