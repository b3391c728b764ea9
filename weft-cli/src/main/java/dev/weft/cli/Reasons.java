package dev.weft.cli;

import java.util.regex.Pattern;

/** Why a network operation failed, in the words of the operating system, for one-line errors. */
final class Reasons {
  /** Netty's native transport prefixes errno: {@code bind(..) failed with error(-98): }. */
  private static final Pattern NATIVE_PREFIX =
      Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

  /** Netty appends the address ({@code : /127.0.0.1:9600}); the CLI's messages name it already. */
  private static final Pattern ADDRESS_SUFFIX = Pattern.compile(": /\\S+$");

  private Reasons() {}

  /**
   * The innermost cause's message, e.g. {@code Connection refused}, or {@code fallback} when no
   * cause has one.
   */
  static String of(Throwable error, String fallback) {
    String message = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return fallback;
    }
    String reason = NATIVE_PREFIX.matcher(message).replaceFirst("");
    return ADDRESS_SUFFIX.matcher(reason).replaceFirst("");
  }
}
