package dev.weft.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code --verbose} flag, accepted by {@code weft} and every subcommand. */
public final class Verbosity {
  private boolean verbose;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show stack traces and debug logs.")
  void setVerbose(boolean verbose) {
    this.verbose = verbose;
    if (verbose) {
      System.setProperty("weft.log.level", "DEBUG");
    }
  }

  public boolean isVerbose() {
    return verbose;
  }
}
