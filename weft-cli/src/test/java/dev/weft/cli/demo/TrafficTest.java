package dev.weft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficTest {
  private static final long SECOND = 1_000_000_000L;

  private static ConsumerStats stats(long ok, long failures, Map<String, Long> answers) {
    return new ConsumerStats(ok + failures, ok, failures, answers, failures > 0 ? "boom" : null);
  }

  @Test
  void theRateAndTheRecentAnswersComeFromTheLastTwoReadings() {
    Traffic traffic = new Traffic();
    traffic.record(Map.of(DemoService.HTTP, stats(100, 0, Map.of("provider-1", 100L))), 0);
    traffic.record(
        Map.of(DemoService.HTTP, stats(140, 1, Map.of("provider-1", 120L, "provider-2", 20L))),
        2 * SECOND);

    TrafficRow row = traffic.row(DemoService.HTTP);
    assertThat(row.perSecond()).isEqualTo(20.5);
    assertThat(row.ok()).isEqualTo(140);
    assertThat(row.failures()).isEqualTo(1);
    assertThat(row.lastInterval())
        .containsOnly(Map.entry("provider-1", 20L), Map.entry("provider-2", 20L));
    assertThat(row.total()).containsEntry("provider-1", 120L).containsEntry("provider-2", 20L);
    assertThat(row.answeredRecentlyBy("provider-2")).isTrue();
    assertThat(row.lastError()).isEqualTo("boom");
  }

  @Test
  void aServiceNotReadKeepsItsLastReadingAndOneNeverReadIsEmpty() {
    Traffic traffic = new Traffic();
    traffic.record(Map.of(DemoService.BOLT, stats(10, 0, Map.of("provider-1", 10L))), 0);
    traffic.record(Map.of(DemoService.DUBBO, stats(5, 0, Map.of("provider-1", 5L))), SECOND);

    assertThat(traffic.row(DemoService.BOLT).ok()).isEqualTo(10);
    assertThat(traffic.row(DemoService.BOLT).perSecond()).isZero();
    assertThat(traffic.row(DemoService.GRPC)).isEqualTo(TrafficRow.empty(DemoService.GRPC));
    assertThat(traffic.rows())
        .extracting(TrafficRow::service)
        .containsExactly(DemoService.values());
  }

  @Test
  void aConsumersStatsParseFromTheLoopsJson() {
    ConsumerStats stats =
        ConsumerStats.parse(
            "{\"calls\":12,\"ok\":9,\"errors\":1,\"mismatches\":1,\"skipped\":0,\"inFlight\":1,"
                + "\"answers\":{\"provider-1\":5,\"provider-2\":4},\"lastError\":\"timeout: x\"}");

    assertThat(stats)
        .isEqualTo(
            new ConsumerStats(12, 9, 2, Map.of("provider-1", 5L, "provider-2", 4L), "timeout: x"));
    assertThat(
            ConsumerStats.parse(
                    "{\"calls\":0,\"ok\":0,\"errors\":0,\"mismatches\":0,"
                        + "\"answers\":{},\"lastError\":null}")
                .lastError())
        .isNull();
    assertThatThrownBy(() -> ConsumerStats.parse("{\"ok\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a consumer's /stats");
  }
}
