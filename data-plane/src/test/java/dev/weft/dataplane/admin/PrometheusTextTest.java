package dev.weft.dataplane.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.stats.Stats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void labelValuesAreEscapedAndNamesCleaned() {
    Stats stats = new Stats();
    stats
        .set("upstream", "cluster", "a\"b\\c\nd", "host", "10.0.0.1:80")
        .counter("request_total")
        .add(7);
    stats.set("mosn-tls", "tls.name", "x").gauge("connpool.changed").set(3);

    String text = PrometheusText.render(stats);

    Map<String, Double> samples = PrometheusFormat.parse(text);
    assertThat(samples)
        .containsEntry(
            "upstream_request_total{cluster=\"a\\\"b\\\\c\\nd\",host=\"10.0.0.1:80\"}", 7.0)
        .containsEntry("mosn_tls_connpool_changed{tls_name=\"x\"}", 3.0);
    assertThat(PrometheusFormat.types(text)).containsEntry("mosn_tls_connpool_changed", "gauge");
  }

  @Test
  void histogramsAreMinMaxAndPercentileGaugesInNanoseconds() {
    Stats stats = new Stats();
    stats.listener("egress").histogram("request_time").recordNanos(5_000_000);

    String text = PrometheusText.render(stats);

    Map<String, Double> samples = PrometheusFormat.parse(text);
    assertThat(samples.get("downstream_request_time_min{listener=\"egress\"}"))
        .isBetween(4_950_000.0, 5_050_000.0);
    assertThat(samples.get("downstream_request_time_max{listener=\"egress\"}"))
        .isBetween(4_950_000.0, 5_050_000.0);
    assertThat(samples)
        .containsKeys(
            "downstream_request_time{listener=\"egress\",percentile=\"P50\"}",
            "downstream_request_time{listener=\"egress\",percentile=\"P90\"}",
            "downstream_request_time{listener=\"egress\",percentile=\"P99\"}");
    assertThat(PrometheusFormat.types(text))
        .containsEntry("downstream_request_time", "gauge")
        .containsEntry("downstream_request_time_min", "gauge")
        .containsEntry("downstream_request_time_max", "gauge");
  }

  @Test
  void oneTypeLinePerNameWithItsSamplesTogether() {
    Stats stats = new Stats();
    stats.listener("a").counter("request_total").inc();
    stats.cluster("c").counter("request_total").inc();
    stats.listener("b").counter("request_total").inc();
    stats.proxyGlobal().counter("request_total").add(2);

    String text = PrometheusText.render(stats);

    assertThat(text.lines().filter(l -> l.equals("# TYPE downstream_request_total counter")))
        .hasSize(1);
    assertThat(PrometheusFormat.parse(text))
        .containsEntry("downstream_request_total{listener=\"a\"}", 1.0)
        .containsEntry("downstream_request_total{listener=\"b\"}", 1.0)
        .containsEntry("downstream_request_total{proxy=\"global\"}", 2.0)
        .containsEntry("upstream_request_total{cluster=\"c\"}", 1.0);
  }

  @Test
  void theFormatCheckerRejectsWhatPrometheusWould() {
    assertThat(rejects("downstream_x 1\n")).as("no # TYPE").isTrue();
    assertThat(rejects("# TYPE a counter\na{l=\"x\"y\"} 1\n")).as("bad quote").isTrue();
    assertThat(rejects("# TYPE a counter\na 1\n# TYPE b counter\nb 1\na{l=\"2\"} 1\n"))
        .as("split family")
        .isTrue();
    assertThat(rejects("# TYPE a counter\na one\n")).as("bad value").isTrue();
    assertThat(rejects("# TYPE a counter\na 1\n")).isFalse();
  }

  private static boolean rejects(String text) {
    try {
      PrometheusFormat.parse(text);
      return false;
    } catch (AssertionError e) {
      return true;
    }
  }
}
