package dev.weft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {
  private static TrafficRow row(DemoService service, long ok, long failures, String lastError) {
    return new TrafficRow(
        service,
        20,
        ok,
        failures,
        Map.of(),
        ok == 0 ? Map.of() : Map.of("provider-2", ok - ok / 3, "provider-1", ok / 3),
        lastError);
  }

  private static List<TrafficRow> healthy() {
    return List.of(
        row(DemoService.BOLT, 600, 0, null),
        row(DemoService.DUBBO, 590, 0, null),
        row(DemoService.HTTP, 610, 0, null),
        row(DemoService.GRPC, 620, 0, null));
  }

  @Test
  void everyServiceAnsweredAndNothingFailedPasses() {
    DemoSummary summary =
        new DemoSummary(
            healthy(), Duration.ofSeconds(30), true, Optional.empty(), Optional.empty());

    assertThat(summary.passed()).isTrue();
    assertThat(summary.lines())
        .containsExactly(
            "summary after 30s of traffic:",
            "  bolt   dev.weft.peers.sofa.EchoService:1.0  ok=600  errors=0  providers:"
                + " provider-1=200 provider-2=400",
            "  dubbo  dev.weft.peers.dubbo.EchoService     ok=590  errors=0  providers:"
                + " provider-1=196 provider-2=394",
            "  http   echo.weft                            ok=610  errors=0  providers:"
                + " provider-1=203 provider-2=407",
            "  grpc   echo-grpc.weft                       ok=620  errors=0  providers:"
                + " provider-1=206 provider-2=414",
            "result: PASS: every protocol was answered, no call failed, the scenario finished");
  }

  @Test
  void aFailedCallAServiceNeverAnsweredAndAnUnfinishedScenarioEachFailIt() {
    List<TrafficRow> rows =
        List.of(
            row(DemoService.BOLT, 600, 0, null),
            row(DemoService.DUBBO, 580, 1, "rpc1: upstream connect error"),
            row(DemoService.HTTP, 0, 0, null),
            row(DemoService.GRPC, 620, 3, "timeout: DEADLINE_EXCEEDED"));
    DemoSummary summary =
        new DemoSummary(
            rows,
            Duration.ofSeconds(30),
            false,
            Optional.of("the scenario did not finish within --duration 30s"),
            Optional.empty());

    assertThat(summary.passed()).isFalse();
    assertThat(summary.problems())
        .containsExactly(
            "dubbo: 1 call failed (last: rpc1: upstream connect error)",
            "http: no call was answered",
            "grpc: 3 calls failed (last: timeout: DEADLINE_EXCEEDED)",
            "the scenario did not finish within --duration 30s");
    assertThat(summary.lines())
        .contains("  http   echo.weft                            ok=0  errors=0  providers: -")
        .endsWith(
            "result: FAIL",
            "  - dubbo: 1 call failed (last: rpc1: upstream connect error)",
            "  - http: no call was answered",
            "  - grpc: 3 calls failed (last: timeout: DEADLINE_EXCEEDED)",
            "  - the scenario did not finish within --duration 30s");
  }

  @Test
  void stoppedBeforeTheScenariosEndWithoutAFailureItPassesSayingSo() {
    DemoSummary summary =
        new DemoSummary(
            healthy(), Duration.ofSeconds(12), false, Optional.empty(), Optional.empty());

    assertThat(summary.passed()).isTrue();
    assertThat(summary.lines())
        .endsWith(
            "result: PASS: every protocol was answered, no call failed; stopped before the"
                + " scenario's end");
  }

  @Test
  void whatStoppedTheDemoComesFirst() {
    DemoSummary summary =
        new DemoSummary(
            healthy(),
            Duration.ofSeconds(12),
            false,
            Optional.empty(),
            Optional.of("provider-1-dubbo exited with code 1"));

    assertThat(summary.passed()).isFalse();
    assertThat(summary.problems()).containsExactly("provider-1-dubbo exited with code 1");
  }
}
