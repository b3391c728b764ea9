package dev.weft.dataplane.config;

/**
 * A config mistake as a value: where it is (the file or resource, and the JSON path) and what was
 * expected. Static config turns it into one message and exit code 2; xDS into a NACK.
 */
public record ConfigError(String source, String path, String message) {

  /** {@code config.json: servers[0].listeners[0].address: expected host:port, got "x"}. */
  @Override
  public String toString() {
    return source + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
