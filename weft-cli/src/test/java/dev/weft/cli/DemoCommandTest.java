package dev.weft.cli;

import static dev.weft.cli.CommandRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.cli.CommandRunner.Result;
import dev.weft.cli.demo.DemoSettings;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code weft demo}'s options; the demo itself runs in e2e-tests' DemoIT. */
class DemoCommandTest {
  private static DemoSettings settings(boolean terminal, String... args) {
    CommandLine commandLine = CommandRunner.commandLine(new StringWriter(), new StringWriter());
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    commandLine.parseArgs(all);
    DemoCommand demo = CommandRunner.subcommand(commandLine, "demo");
    demo.terminal = () -> terminal;
    return demo.settings();
  }

  @Test
  void durationsComeInSecondsOrMinutesAndDefaultToUntilCtrlC() {
    assertThat(settings(false, "--duration", "30s").duration()).contains(Duration.ofSeconds(30));
    assertThat(settings(false, "--duration", "2m").duration()).contains(Duration.ofMinutes(2));
    assertThat(settings(false, "--duration", "20000ms").duration())
        .contains(Duration.ofSeconds(20));
    assertThat(settings(false).duration()).isEmpty();
  }

  @Test
  void theTableIsForTerminalsUnlessHeadlessIsAsked() {
    assertThat(settings(true).table()).isTrue();
    assertThat(settings(true, "--headless").table()).isFalse();
    assertThat(settings(false).table()).isFalse();
  }

  @Test
  void theRestHasDefaults() {
    DemoSettings settings = settings(false, "--rate", "50", "--run-dir", "/tmp/demo-x");
    assertThat(settings.rate()).isEqualTo(50);
    assertThat(settings.runDir()).contains(Path.of("/tmp/demo-x"));
    assertThat(settings.hold()).isEqualTo(DemoSettings.HOLD);
    DemoSettings defaults = settings(false);
    assertThat(defaults.rate()).isEqualTo(20);
    assertThat(defaults.runDir()).isEqualTo(Optional.empty());
  }

  @Test
  void aDurationTooShortForTheScenarioSaysWhy() {
    Result result = run("demo", "--headless", "--duration", "10s");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "weft: --duration: expected at least 20s, since the scenario (a second provider pod"
                + " joins, then the first one leaves) needs about that once the mesh is up; got"
                + " '10s'"
                + System.lineSeparator());
  }

  @Test
  void badValuesNameTheOptionAndWhatWasExpected() {
    assertThat(run("demo", "--duration", "30").err())
        .contains("--duration: expected a duration like 500ms, 10s or 1m, got '30'");
    Result rate = run("demo", "--rate", "0");
    assertThat(rate.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(rate.err()).contains("--rate: expected calls per second from 1 to 500, got 0");
    Result store = run("demo", "--store", "zookeeper");
    assertThat(store.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(store.err()).contains("--store: expected auto, etcd or memory, got 'zookeeper'");
  }

  @Test
  void theCommandIsListedInTheHelp() {
    Result help = run("--help");
    assertThat(help.out()).containsPattern("(?m)^  demo +Run the whole mesh on this machine");
  }
}
