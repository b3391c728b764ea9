package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.config.AccessLogConfig;

/**
 * Opens access logs; one writer per path, shared by every listener that logs there. Closing the
 * factory flushes and closes its writers; the composition root does it when the sidecar closes.
 */
public interface AccessLogFactory extends AutoCloseable {
  AccessLogFactory NONE = config -> AccessLog.NONE;

  /**
   * An access log writing to {@code config.path()} in {@code config.format()} ({@link
   * AccessLogFormat#DEFAULT} when the format is empty).
   *
   * @throws IllegalArgumentException when the format names an unknown variable or the path cannot
   *     be opened
   */
  AccessLog open(AccessLogConfig config);

  /** Flushes what was logged and closes the writers. */
  @Override
  default void close() {}
}
