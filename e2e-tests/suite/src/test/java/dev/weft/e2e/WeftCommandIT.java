package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.ProcessLauncher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./weft} as users run it: the launcher script, the jar it runs, the CLI's conventions. */
class WeftCommandIT {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

  private static Result weft(String... args) throws InterruptedException {
    try (ChildProcess weft = ProcessLauncher.weft("weft", args).start()) {
      int exitCode = weft.awaitExit(EXIT_WAIT);
      return new Result(exitCode, weft.output());
    }
  }

  @Test
  void versionPrintsWeftsVersion() throws Exception {
    Result result = weft("--version");

    assertThat(result.exitCode).isZero();
    assertThat(result.output.get(0)).matches("weft \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void helpListsTheCommandsAndExitCodes() throws Exception {
    Result result = weft("--help");

    assertThat(result.exitCode).isZero();
    assertThat(result.output).contains("Commands:", "Exit codes:");
    assertThat(result.output).anyMatch(line -> line.trim().startsWith("help "));
  }

  @Test
  void aSubcommandThatLogsStartsWithAWorkingLoggingConfig() throws Exception {
    Result result = weft("sidecar", "--help");

    assertThat(result.exitCode).isZero();
    assertThat(result.output).anyMatch(line -> line.startsWith("Usage: weft sidecar"));
    assertThat(result.output).noneMatch(line -> line.contains("logback") || line.contains("ERROR"));
  }

  @Test
  void badUsageExits2WithOneMessageAndNoStackTrace() throws Exception {
    Result result = weft("--no-such-flag");

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("weft: Unknown option: '--no-such-flag'");
    assertThat(result.output).noneMatch(line -> line.startsWith("\tat "));
  }

  private static final class Result {
    final int exitCode;
    final List<String> output;

    Result(int exitCode, List<String> output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }
}
