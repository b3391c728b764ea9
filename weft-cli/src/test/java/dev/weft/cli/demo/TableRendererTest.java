package dev.weft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableRendererTest {
  private final TableRenderer renderer = new TableRenderer();

  private static List<TrafficRow> rows() {
    List<TrafficRow> rows = new ArrayList<>();
    rows.add(
        new TrafficRow(
            DemoService.BOLT,
            20.04,
            240,
            0,
            Map.of("provider-1", 9L, "provider-2", 11L),
            Map.of("provider-1", 200L, "provider-2", 40L),
            null));
    rows.add(
        new TrafficRow(
            DemoService.DUBBO,
            19.5,
            230,
            2,
            Map.of("provider-2", 20L),
            Map.of("provider-1", 210L, "provider-2", 20L),
            "rpc1: upstream connect error"));
    rows.add(TrafficRow.empty(DemoService.HTTP));
    rows.add(
        new TrafficRow(
            DemoService.GRPC, 0, 5, 0, Map.of(), Map.of("provider-1", 5L), "x".repeat(300)));
    return rows;
  }

  private static DemoFrame frame(Optional<Duration> traffic, boolean over) {
    return new DemoFrame(
        "etcd",
        Duration.ofSeconds(14),
        traffic,
        Optional.of(Duration.ofSeconds(30)),
        "step 2/5: provider pod 2 joins: its apps, then its sidecar, start",
        "consumer up · provider-1 up · provider-2 starting",
        rows(),
        List.of("[  9.0s] mesh up", "[ 12.0s] step 2/5: provider pod 2 joins"),
        "/tmp/weft-demo-1",
        over);
  }

  @Test
  void aRowPerServiceWithItsRateTotalsAndTheProvidersThatAnsweredInTheLastSecond() {
    List<String> lines = renderer.render(frame(Optional.of(Duration.ofSeconds(4)), false));

    assertThat(lines.get(0))
        .isEqualTo("weft demo · store: etcd · traffic 4s of 30s · logs in /tmp/weft-demo-1");
    assertThat(lines.get(1)).isEqualTo("pods: consumer up · provider-1 up · provider-2 starting");
    assertThat(lines.get(3))
        .isEqualTo(
            "PROTOCOL  SERVICE                               REQ/S       OK  ERRORS  ANSWERED BY"
                + " (LAST SECOND)");
    assertThat(lines.get(4))
        .isEqualTo(
            "bolt      dev.weft.peers.sofa.EchoService:1.0    20.0      240       0  provider-1 9 "
                + " provider-2 11");
    assertThat(lines.get(5))
        .isEqualTo(
            "dubbo     dev.weft.peers.dubbo.EchoService       19.5      230       2  provider-1 0 "
                + " provider-2 20");
    assertThat(lines.get(6))
        .isEqualTo("http      echo.weft                               0.0        0       0  -");
    assertThat(lines.get(7)).startsWith("grpc      echo-grpc.weft").endsWith("  provider-1 0");
    assertThat(lines)
        .containsSubsequence(
            "step 2/5: provider pod 2 joins: its apps, then its sidecar, start",
            "  [  9.0s] mesh up",
            "  [ 12.0s] step 2/5: provider pod 2 joins",
            "last error (dubbo): rpc1: upstream connect error",
            "Ctrl-C stops the demo early.");
  }

  @Test
  void longErrorsAreCutToOneLine() {
    String grpcError =
        renderer.render(frame(Optional.of(Duration.ofSeconds(4)), false)).stream()
            .filter(line -> line.startsWith("last error (grpc): "))
            .findFirst()
            .orElseThrow();

    assertThat(grpcError.substring("last error (grpc): ".length()))
        .hasSize(TableRenderer.ERROR_WIDTH)
        .endsWith("x…");
  }

  @Test
  void whileTheMeshStartsTheClockSaysSoAndTheLastFrameSaysTheDemoIsOver() {
    assertThat(renderer.render(frame(Optional.empty(), false)).get(0))
        .isEqualTo("weft demo · store: etcd · starting the mesh (14s) · logs in /tmp/weft-demo-1");
    List<String> last = renderer.render(frame(Optional.of(Duration.ofSeconds(30)), true));
    assertThat(last.get(last.size() - 1))
        .isEqualTo("The demo is over: every process it started has stopped.");
  }

  @Test
  void aRedrawGoesHomeClearsEachLineAndWhateverIsBelow() {
    DemoFrame frame = frame(Optional.of(Duration.ofSeconds(4)), false);
    String redraw = renderer.redraw(frame);

    assertThat(redraw).startsWith("\033[H").endsWith("\033[J");
    assertThat(redraw.split("\033\\[K\n", -1)).hasSize(renderer.render(frame).size() + 1);
  }
}
