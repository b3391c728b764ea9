package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import java.util.ArrayList;
import java.util.List;

/** {@code host:port} options, checked with an error that says what was expected. */
final class Addresses {
  private Addresses() {}

  /** An address to connect to or to register: the port must be 1 to 65535. */
  static HostPort remote(String option, String text) {
    return parse(option, text, 1);
  }

  /**
   * Replicas of one server, {@code host:port,host:port}, in order of preference; a single address
   * is a list of one. Each entry is checked as {@link #remote}; none may repeat.
   */
  static List<HostPort> remoteList(String option, String text) {
    String[] entries = text.split(",", -1);
    if (entries.length == 1) {
      return List.of(remote(option, text));
    }
    List<HostPort> replicas = new ArrayList<>();
    for (String entry : entries) {
      String trimmed = entry.trim();
      HostPort replica;
      try {
        replica = remote(option, trimmed);
      } catch (CliException e) {
        throw CliException.usage(
            option
                + ": expected host:port,host:port,... (the replicas, in order of preference) with"
                + " ports from 1 to 65535, got '"
                + trimmed
                + "' in '"
                + text
                + "'",
            e);
      }
      if (replicas.contains(replica)) {
        throw CliException.usage(
            option + ": each replica once, got " + replica + " twice in '" + text + "'");
      }
      replicas.add(replica);
    }
    return List.copyOf(replicas);
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
