package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Runs with an extra subcommand that fails the way {@code --fail} says. */
  private int runWithFailingCommand(String... args) {
    CommandLine commandLine =
        Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    commandLine.addSubcommand("fail", new Failing());
    return commandLine.execute(args);
  }

  @Test
  void versionNamesWeftAndJava() {
    assertThat(run("--version")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("weft 0.1.0").contains("Java 1", "Java ");
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("Usage: weft")
        .contains("Commands:")
        .contains("help")
        .contains("Exit codes:")
        .contains("2   bad usage or bad config")
        .contains("3   a needed server cannot be reached");
  }

  @Test
  void anUnknownOptionIsBadUsage() {
    assertThat(run("--bogus")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("weft: Unknown option: '--bogus'")
        .contains("Try 'weft --help' for usage.")
        .doesNotContain("at dev.weft");
  }

  @Test
  void anUnknownCommandIsBadUsage() {
    assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("frobnicate");
  }

  @Test
  void aUsageErrorPrintsOneMessageAndExits2() {
    assertThat(runWithFailingCommand("fail", "--with", "usage")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: config.json: listeners[0].address: expected host:port" + System.lineSeparator());
  }

  @Test
  void anUnreachableServerNamesTheAddressAndExits3() {
    assertThat(runWithFailingCommand("fail", "--with", "unreachable"))
        .isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString())
        .startsWith("weft: cannot reach the registry at 127.0.0.1:9600: Connection refused")
        .doesNotContain("\tat ");
  }

  @Test
  void aBugExits1WithoutAStackTrace() {
    assertThat(runWithFailingCommand("fail", "--with", "bug")).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(err.toString())
        .contains("weft: unexpected error: java.lang.IllegalStateException: boom")
        .contains("Run again with --verbose")
        .doesNotContain("\tat ");
  }

  @Test
  void verboseShowsTheStackTraceOnTheRootOrTheSubcommand() {
    assertThat(runWithFailingCommand("--verbose", "fail", "--with", "bug"))
        .isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(err.toString()).contains("\tat dev.weft.cli.MainTest$Failing.call");

    err.getBuffer().setLength(0);
    assertThat(runWithFailingCommand("fail", "--with", "unreachable", "--verbose"))
        .isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString()).contains("java.net.ConnectException: Connection refused");
  }

  @Command(name = "fail")
  static final class Failing implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--with", required = true)
    String kind;

    @Override
    public Integer call() {
      switch (kind) {
        case "usage":
          throw CliException.usage("config.json: listeners[0].address: expected host:port");
        case "unreachable":
          throw CliException.unreachable(
              "the registry", "127.0.0.1:9600", new ConnectException("Connection refused"));
        default:
          throw new IllegalStateException("boom");
      }
    }
  }
}
