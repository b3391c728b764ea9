package dev.weft.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.weft.dataplane.admin.LogLevels;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The admin API's log level control ({@code /api/v1/get_loglevel}, {@code /api/v1/update_loglevel})
 * over logback, the CLI's logging backend. Pass it to the sidecar with {@code
 * SidecarOptions.withLogLevels}.
 */
public final class LogbackLogLevels implements LogLevels {
  private final LoggerContext context;

  public LogbackLogLevels(LoggerContext context) {
    this.context = context;
  }

  /**
   * Over the logger context slf4j is bound to in this process.
   *
   * @throws IllegalStateException when slf4j is not bound to logback
   */
  public static LogbackLogLevels ofThisProcess() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "slf4j is bound to " + factory.getClass().getName() + ", not logback");
    }
    return new LogbackLogLevels(context);
  }

  /**
   * Loggers with a level of their own. Logback's OFF and ALL have no slf4j level: ALL is reported
   * as TRACE and a logger that is OFF is left out.
   */
  @Override
  public Map<String, Level> levels() {
    Map<String, Level> levels = new LinkedHashMap<>();
    for (Logger logger : context.getLoggerList()) {
      ch.qos.logback.classic.Level level = logger.getLevel();
      if (level == null || level == ch.qos.logback.classic.Level.OFF) {
        continue;
      }
      levels.put(
          logger.getName(),
          level == ch.qos.logback.classic.Level.ALL ? Level.TRACE : Level.valueOf(level.levelStr));
    }
    return levels;
  }

  @Override
  public void setLevel(String name, Level level) {
    context.getLogger(name).setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
  }
}
