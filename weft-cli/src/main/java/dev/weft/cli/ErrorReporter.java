package dev.weft.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code (see {@link ExitCodes}); stack
 * traces appear only with {@code --verbose}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private final Verbosity verbosity;
  private final PrintWriter err;

  ErrorReporter(Verbosity verbosity, PrintWriter err) {
    this.verbosity = verbosity;
    this.err = err;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    err.println("weft: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    printTraceIfVerbose(e);
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    if (e instanceof CliException) {
      err.println("weft: " + e.getMessage());
      printTraceIfVerbose(e);
      return ((CliException) e).exitCode();
    }
    err.println("weft: unexpected error: " + e);
    if (verbosity.isVerbose()) {
      e.printStackTrace(err);
    } else {
      err.println("Run again with --verbose for the stack trace.");
    }
    return ExitCodes.INTERNAL_ERROR;
  }

  private void printTraceIfVerbose(Exception e) {
    if (verbosity.isVerbose()) {
      e.printStackTrace(err);
    }
  }
}
