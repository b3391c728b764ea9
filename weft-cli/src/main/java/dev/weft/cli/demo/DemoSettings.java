package dev.weft.cli.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the demo runs, checked by the command.
 *
 * @param duration how long the traffic runs once the mesh is up; empty: until Ctrl-C
 * @param table the live table (a terminal), or headless lines
 * @param rate calls per second each consumer makes
 * @param hold how long the scenario's warm-up and spread last at least
 * @param runDir where the logs go; empty: a new temporary directory
 */
public record DemoSettings(
    Optional<Duration> duration, boolean table, int rate, Duration hold, Optional<Path> runDir) {
  /** The shortest {@code --duration} the scenario fits in on a quiet machine. */
  public static final Duration MIN_DURATION = Duration.ofSeconds(20);

  /** The default warm-up and spread. */
  public static final Duration HOLD = Duration.ofSeconds(2);
}
