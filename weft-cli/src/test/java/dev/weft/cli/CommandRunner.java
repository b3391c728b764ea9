package dev.weft.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code weft} commands in-process and keeps what each printed. */
final class CommandRunner {
  /** What one command printed and how it ended. */
  record Result(int exitCode, String out, String err) {}

  /** A command line whose output goes to {@code out} and {@code err}. */
  static CommandLine commandLine(StringWriter out, StringWriter err) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Runs {@code weft args} to the end. */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** The object behind subcommand {@code name}, to swap its hooks. */
  static <T> T subcommand(CommandLine commandLine, String name) {
    return commandLine.getSubcommands().get(name).getCommand();
  }

  private CommandRunner() {}
}
