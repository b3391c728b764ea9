package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void acceptsMillisecondsSecondsAndMinutes() {
    assertThat(Durations.parse("--x", "500ms", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("--x", "10s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("--x", "1m", Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse("--x", "0ms", Duration.ZERO)).isZero();
  }

  @Test
  void anythingElseNamesTheOptionAndTheForm() {
    for (String bad : new String[] {"10", "1.5s", "-1s", "1h", "s", "10 s", ""}) {
      assertThatThrownBy(() -> Durations.parse("--session-ttl", bad, Duration.ZERO))
          .isInstanceOfSatisfying(
              CliException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "--session-ttl: expected a duration like 500ms, 10s or 1m, got '"
                            + bad
                            + "'");
              });
    }
  }

  @Test
  void formatsInTheShortestExactForm() {
    assertThat(Durations.format(Duration.ofMillis(100))).isEqualTo("100ms");
    assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
