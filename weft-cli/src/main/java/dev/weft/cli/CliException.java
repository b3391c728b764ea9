package dev.weft.cli;

/**
 * A failure a user can act on, with the exit code it ends the command with. Its message is printed
 * as is, without a stack trace (unless {@code --verbose}).
 */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  protected CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad usage or bad config (exit code 2): say what was wrong and what was expected. */
  public static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message, null);
  }

  /** Bad usage or bad config (exit code 2), caused by {@code cause}. */
  public static CliException usage(String message, Throwable cause) {
    return new CliException(ExitCodes.USAGE, message, cause);
  }

  /** A needed server cannot be reached (exit code 3); the message names the address tried. */
  public static CliException unreachable(String what, String address, Throwable cause) {
    String reason = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return new CliException(
        ExitCodes.UNREACHABLE, "cannot reach " + what + " at " + address + reason, cause);
  }

  /**
   * A needed server cannot be reached (exit code 3), for a reason put in words by the caller (empty
   * for none); {@code cause} shows with {@code --verbose}.
   */
  public static CliException unreachable(
      String what, String address, String reason, Throwable cause) {
    return new CliException(
        ExitCodes.UNREACHABLE,
        "cannot reach " + what + " at " + address + (reason.isEmpty() ? "" : ": " + reason),
        cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
