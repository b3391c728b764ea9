package dev.weft.cli;

/** The exit codes every {@code weft} command uses; README.md documents them. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A bug or an unexpected failure; {@code --verbose} shows the stack trace. */
  public static final int INTERNAL_ERROR = 1;

  /** Bad usage or bad config: the message says what was wrong and what was expected. */
  public static final int USAGE = 2;

  /** A server the command needs cannot be reached: the message names the address tried. */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
