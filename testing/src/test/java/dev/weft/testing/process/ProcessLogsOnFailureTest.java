package dev.weft.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class ProcessLogsOnFailureTest {

  @Test
  void aFailingTestNamesItsChildProcessesAndShowsTheirLastLines() {
    Throwable failure = onlyFailure(run(FailsAfterAChildExited.class));

    assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("expected");
    List<Throwable> attached = Arrays.asList(failure.getSuppressed());
    assertThat(attached).hasSize(1);
    String report = attached.get(0).getMessage();
    assertThat(report)
        .contains("--- provider-app (pid ")
        .contains("exited with 3")
        .contains("  about to fail")
        .contains("  no such port")
        .doesNotContain("ran before the class");
  }

  @Test
  void aFailureWithoutChildProcessesIsLeftAlone() {
    Throwable failure = onlyFailure(run(FailsWithoutChildren.class));

    assertThat(failure).hasMessageContaining("plain failure");
    assertThat(failure.getSuppressed()).isEmpty();
  }

  private static Throwable onlyFailure(EngineExecutionResults results) {
    assertThat(results.testEvents().failed().count()).isEqualTo(1);
    return results.testEvents().failed().stream()
        .findFirst()
        .orElseThrow()
        .getPayload(TestExecutionResult.class)
        .orElseThrow()
        .getThrowable()
        .orElseThrow();
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    // A process started before the class must not show up in its report.
    try (ChildProcess earlier =
        ProcessLauncher.java("earlier", ChildMain.class.getName(), "say=ran before the class")
            .start()) {
      earlier.awaitExit(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .selectors(selectClass(testClass))
        .execute();
  }

  /** Run only through the engine test kit above; surefire skips nested classes. */
  static class FailsAfterAChildExited {
    @Test
    void failsAfterItsChildExited() throws InterruptedException {
      try (ChildProcess child =
          ProcessLauncher.java(
                  "provider-app",
                  ChildMain.class.getName(),
                  "say=about to fail",
                  "err=no such port",
                  "exit=3")
              .start()) {
        child.awaitExit(Duration.ofSeconds(30));
      }
      assertThat("actual").as("expected").isEqualTo("something else");
    }
  }

  static class FailsWithoutChildren {
    @Test
    void fails() {
      throw new AssertionError("plain failure");
    }
  }
}
