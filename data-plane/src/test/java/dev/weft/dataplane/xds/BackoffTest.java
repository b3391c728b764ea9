package dev.weft.dataplane.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesUpToTheMaximumWithJitterOfHalfEitherWay() {
    Backoff low = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), () -> 0.0);
    assertThat(low.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(400));

    Backoff high = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), () -> 0.999_999);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 12; i++) {
      last = high.next();
    }
    assertThat(last).isBetween(Duration.ofMillis(14_999), Duration.ofSeconds(15));
  }

  @Test
  void resetStartsOverAndRandomDelaysStayInTheirBand() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      backoff.next();
    }
    assertThat(backoff.next()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));

    backoff.reset();

    assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
  }

  @Test
  void refusesABackwardsRange() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("0 < initial <= max");
  }
}
