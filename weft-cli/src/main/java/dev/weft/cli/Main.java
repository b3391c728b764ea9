package dev.weft.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code weft.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs {@code weft args} and returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(args);
  }

  /** The {@code weft} command line, wired with the CLI's error convention. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    WeftCommand root = new WeftCommand();
    root.verbosity = new Verbosity();
    CommandLine commandLine = new CommandLine(root);
    ErrorReporter errors = new ErrorReporter(root.verbosity, err);
    commandLine
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors)
        .setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }
}
