package dev.weft.dataplane.admin;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Reads and changes logger levels for {@code /api/v1/get_loglevel} and {@code
 * /api/v1/update_loglevel}. The data plane logs through slf4j only, which cannot change levels, so
 * the process that picks the logging backend (the CLI, with logback) implements this.
 */
public interface LogLevels {

  /** The name of the root logger, as slf4j spells it. */
  String ROOT = Logger.ROOT_LOGGER_NAME;

  /** Every logger that has a level of its own, by name ({@link #ROOT} included). */
  Map<String, Level> levels();

  /**
   * Sets the level of logger {@code name} ({@link #ROOT} for the root logger).
   *
   * @throws UnsupportedOperationException when this process cannot change levels
   */
  void setLevel(String name, Level level);

  /** For a process without a logging backend that can change levels: reports none, changes none. */
  static LogLevels unsupported() {
    return new LogLevels() {
      @Override
      public Map<String, Level> levels() {
        return Map.of();
      }

      @Override
      public void setLevel(String name, Level level) {
        throw new UnsupportedOperationException(
            "this process cannot change log levels (no logging backend was given)");
      }
    };
  }
}
