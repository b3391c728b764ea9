package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;

/** {@code host:port} options, checked with an error that says what was expected. */
final class Addresses {
  private Addresses() {}

  /** An address to connect to or to register: the port must be 1 to 65535. */
  static HostPort remote(String option, String text) {
    return parse(option, text, 1);
  }

  /** An address to listen on: port 0 picks a free port. */
  static HostPort listen(String option, String text) {
    return parse(option, text, 0);
  }

  private static HostPort parse(String option, String text, int minPort) {
    HostPort parsed;
    try {
      parsed = HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      throw expected(option, text, minPort, e);
    }
    if (parsed.port() < minPort || parsed.host().isBlank()) {
      throw expected(option, text, minPort, null);
    }
    return parsed;
  }

  private static CliException expected(String option, String text, int minPort, Throwable cause) {
    return CliException.usage(
        option
            + ": expected host:port with a port from "
            + minPort
            + " to 65535, got '"
            + text
            + "'",
        cause);
  }
}
