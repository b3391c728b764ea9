package dev.weft.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLauncherTest {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

  @Test
  void waitsForAPortAndKillsTheChildByPid() {
    int port = FreePorts.loopback();
    ChildProcess child =
        ProcessLauncher.java(
                "listener", ChildMain.class.getName(), "listen=" + port, "say=serving", "block")
            .readiness(Probe.tcp("127.0.0.1", port))
            .start();

    assertThat(child.isAlive()).isTrue();
    assertThat(ProcessHandle.of(child.pid())).isPresent();
    child.awaitLine(Pattern.compile("serving"), EXIT_WAIT);

    int exitCode = child.kill();

    assertThat(child.isAlive()).isFalse();
    assertThat(exitCode).isEqualTo(137);
    assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void capturesStdoutAndStderrAndTheExitCode(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("child.log");
    ChildProcess child =
        ProcessLauncher.java(
                "talker", ChildMain.class.getName(), "say=to-out", "err=to-err", "exit=4")
            .logFile(log)
            .start();

    assertThat(child.awaitExit(EXIT_WAIT)).isEqualTo(4);
    assertThat(child.output()).contains("to-out", "to-err");
    assertThat(Files.readAllLines(log)).contains("to-out", "to-err");
    child.close();
  }

  @Test
  void aChildThatDiesBeforeItIsReadyFailsWithItsOutput() {
    int unusedPort = FreePorts.loopback();
    ProcessLauncher launcher =
        ProcessLauncher.java("quitter", ChildMain.class.getName(), "say=cannot start", "exit=3")
            .readiness(Probe.tcp("127.0.0.1", unusedPort));

    assertThatThrownBy(launcher::start)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("quitter exited with code 3 before it was ready")
        .hasMessageContaining("cannot start");
  }

  @Test
  void readinessByLogLineAndAGracefulStop() {
    ChildProcess child =
        ProcessLauncher.java("blocker", ChildMain.class.getName(), "say=up and running", "block")
            .readiness(Probe.logLine(Pattern.compile("up and running")))
            .start();

    assertThat(child.stop()).isEqualTo(143);
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void childJvmsRunWithParanoidLeakDetectionAndALeakReportFailsClose() throws Exception {
    ProcessLauncher launcher =
        ProcessLauncher.java(
                "leaker",
                ChildMain.class.getName(),
                "say=" + "LEAK" + ": ByteBuf.release() was not called")
            // Keep the fake report out of this test's own output, which the build scans too.
            .echo(false);
    assertThat(launcher.commandLine()).contains("-Dio.netty.leakDetection.level=paranoid");

    ChildProcess child = launcher.start();
    child.awaitExit(EXIT_WAIT);

    assertThat(child.leakReports()).hasSize(1);
    assertThatThrownBy(child::close)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("leaker reported Netty leaks");
  }
}
