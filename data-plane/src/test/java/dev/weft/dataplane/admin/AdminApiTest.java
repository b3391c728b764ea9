package dev.weft.dataplane.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.stats.Stats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The admin paths without HTTP, against a source whose state the test sets. */
class AdminApiTest {
  private final AtomicReference<ServerState> state = new AtomicReference<>(ServerState.INIT);
  private final AtomicReference<SidecarConfig> config = new AtomicReference<>();
  private final FakeLogLevels logLevels = new FakeLogLevels();
  private final AdminApi api =
      new AdminApi(
          AdminSource.of(config::get, state::get, new Stats(), logLevels), Optional.empty(), 42);

  private AdminResponse get(String path) {
    return api.handle(new AdminRequest("GET", path, Map.of(), ""));
  }

  private AdminResponse updateLevel(String body) {
    return api.handle(new AdminRequest("POST", "/api/v1/update_loglevel", Map.of(), body));
  }

  @Test
  void readyIs503UntilRunningAndAgainWhileQuitting() {
    assertThat(get("/ready").status()).isEqualTo(503);
    assertThat(get("/ready").body()).isEqualTo("not ready: init\n");
    assertThat(get("/api/v1/states").body()).isEqualTo("pid=42&state=0\n");

    state.set(ServerState.RUNNING);
    assertThat(get("/ready").status()).isEqualTo(200);
    assertThat(get("/api/v1/states").body()).isEqualTo("pid=42&state=1\n");

    state.set(ServerState.QUITTING);
    assertThat(get("/ready").status()).isEqualTo(503);
    assertThat(get("/api/v1/states").body()).isEqualTo("pid=42&state=5\n");
    assertThat(get("/healthz").status()).isEqualTo(200);
  }

  @Test
  void stateCodesAreMosns() {
    assertThat(List.of(ServerState.values()).stream().map(ServerState::code))
        .containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void configDumpBeforeAnyConfigIs503() {
    AdminResponse response = get("/api/v1/config_dump");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).contains("no config");
  }

  @Test
  void updateLoglevelAcceptsMosnLevelsInAnyCaseAndMapsFatalToError() {
    assertThat(updateLevel("{\"log_path\":\"\",\"log_level\":\"debug\"}").status()).isEqualTo(200);
    assertThat(logLevels.levels).containsEntry(LogLevels.ROOT, Level.DEBUG);

    assertThat(updateLevel("{\"log_path\":\"dev.weft\",\"log_level\":\"FATAL\"}").status())
        .isEqualTo(200);
    assertThat(logLevels.levels).containsEntry("dev.weft", Level.ERROR);
  }

  @Test
  void updateLoglevelRejectsBadBodiesWith400() {
    assertThat(updateLevel("").status()).isEqualTo(400);
    assertThat(updateLevel("[1]").status()).isEqualTo(400);
    assertThat(updateLevel("{\"log_path\":\"ROOT\"}").status()).isEqualTo(400);
    AdminResponse bad = updateLevel("{\"log_level\":\"VERBOSE\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("VERBOSE", "TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    assertThat(logLevels.levels).containsExactly(Map.entry(LogLevels.ROOT, Level.INFO));
  }

  @Test
  void withoutALoggingBackendUpdateLoglevelIs501() {
    AdminApi without =
        new AdminApi(
            AdminSource.of(config::get, state::get, new Stats(), LogLevels.unsupported()),
            Optional.empty(),
            42);

    AdminResponse response =
        without.handle(
            new AdminRequest(
                "POST", "/api/v1/update_loglevel", Map.of(), "{\"log_level\":\"DEBUG\"}"));

    assertThat(response.status()).isEqualTo(501);
    assertThat(response.body()).contains("cannot change log levels");
  }
}
