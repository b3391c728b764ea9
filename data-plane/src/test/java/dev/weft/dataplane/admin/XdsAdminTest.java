package dev.weft.dataplane.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.stats.Stats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** /ready and config_dump of a sidecar under xDS, from the client's plain status. */
class XdsAdminTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  private final AtomicReference<XdsStatus> xds = new AtomicReference<>(status(false, ""));
  private final AdminApi api =
      new AdminApi(
          AdminSource.of(
              () -> new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty()),
              () -> ServerState.RUNNING,
              new Stats(),
              LogLevels.unsupported(),
              () -> Optional.of(xds.get())),
          Optional.empty(),
          42);

  private static XdsStatus status(boolean ready, String ldsVersion) {
    return new XdsStatus(
        "127.0.0.1:15010",
        ready ? "CONNECTED" : "DISCONNECTED",
        ready ? Optional.of("127.0.0.1:15010") : Optional.empty(),
        T,
        ready ? Optional.empty() : Optional.of("UNAVAILABLE: io exception"),
        ready,
        Set.of(),
        ready ? Set.of() : Set.of("egress_http"),
        List.of(
            new XdsStatus.TypeStatus(
                "LDS",
                "type.googleapis.com/envoy.config.listener.v3.Listener",
                ldsVersion,
                "3",
                true,
                List.of(),
                List.of("egress_http"),
                Optional.of(new XdsStatus.Nack("bad", "2", "listener 'x': no", T))),
            new XdsStatus.TypeStatus(
                "EDS",
                "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
                "",
                "",
                false,
                List.of("greeter"),
                List.of(),
                Optional.empty())));
  }

  private AdminResponse get(String path, Map<String, List<String>> query) {
    return api.handle(new AdminRequest("GET", path, query, ""));
  }

  @Test
  void readyWaitsForTheFirstFullConfig() {
    AdminResponse waiting = get("/ready", Map.of());
    assertThat(waiting.status()).isEqualTo(503);
    assertThat(waiting.body())
        .isEqualTo(
            "not ready: waiting for the first xDS config (LDS not received; warming clusters"
                + " [egress_http]; control plane 127.0.0.1:15010 disconnected)\n");

    xds.set(status(true, "v1"));

    assertThat(get("/ready", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void configDumpHasAnXdsSection() {
    JsonObject dump =
        JsonParser.parseString(get("/api/v1/config_dump", Map.of()).body()).getAsJsonObject();

    JsonObject section = dump.getAsJsonObject("xds");
    assertThat(section.get("control_plane").getAsString()).isEqualTo("127.0.0.1:15010");
    assertThat(section.get("connection").getAsString()).isEqualTo("DISCONNECTED");
    assertThat(section.has("connected_to")).as("only while connected").isFalse();
    assertThat(section.get("last_error").getAsString()).isEqualTo("UNAVAILABLE: io exception");
    JsonObject lds = section.getAsJsonObject("types").getAsJsonObject("LDS");
    assertThat(lds.get("nonce").getAsString()).isEqualTo("3");
    assertThat(lds.getAsJsonArray("subscribed").get(0).getAsString()).isEqualTo("*");
    assertThat(lds.getAsJsonObject("last_nack").get("message").getAsString())
        .isEqualTo("listener 'x': no");
    assertThat(lds.getAsJsonObject("last_nack").get("time").getAsString())
        .isEqualTo("2026-11-21T10:00:00Z");
    JsonObject eds = section.getAsJsonObject("types").getAsJsonObject("EDS");
    assertThat(eds.getAsJsonArray("subscribed").get(0).getAsString()).isEqualTo("greeter");
    assertThat(eds.has("last_nack")).isFalse();

    assertThat(get("/api/v1/config_dump", Map.of("xds", List.of(""))).body())
        .contains("\"control_plane\": \"127.0.0.1:15010\"");

    xds.set(status(true, "v1"));
    JsonObject connected =
        JsonParser.parseString(get("/api/v1/config_dump", Map.of()).body())
            .getAsJsonObject()
            .getAsJsonObject("xds");
    assertThat(connected.get("connected_to").getAsString()).isEqualTo("127.0.0.1:15010");
  }
}
