package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.weft.dataplane.admin.LogLevels;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogbackLogLevelsTest {
  /** A context of its own, so the tests do not change this JVM's logging. */
  private final LoggerContext context = new LoggerContext();

  private final LogbackLogLevels levels = new LogbackLogLevels(context);

  @Test
  void setsAndReportsLevelsOfNamedLoggersAndTheRoot() {
    levels.setLevel("dev.weft.dataplane.proxy", Level.DEBUG);
    levels.setLevel(LogLevels.ROOT, Level.WARN);

    assertThat(context.getLogger("dev.weft.dataplane.proxy.Child").isDebugEnabled()).isTrue();
    assertThat(context.getLogger("dev.weft.other").isInfoEnabled()).isFalse();
    assertThat(levels.levels())
        .containsEntry("dev.weft.dataplane.proxy", Level.DEBUG)
        .containsEntry(LogLevels.ROOT, Level.WARN)
        .doesNotContainKey("dev.weft.other");
  }

  @Test
  void theProcessContextIsLogbacks() {
    assertThat(LogbackLogLevels.ofThisProcess().levels()).containsKey(LogLevels.ROOT);
  }

  @Test
  void theSidecarAdminApiChangesLogbackLevels() throws Exception {
    try (Sidecar sidecar =
        Sidecar.create(
            SidecarOptions.defaults()
                .withAdminAddress(new HostPort("127.0.0.1", 0))
                .withLogLevels(levels))) {
      sidecar.start(new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty()));
      int port = sidecar.adminAddress().orElseThrow().getPort();

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/api/v1/update_loglevel"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"log_path\":\"dev.weft.dataplane\",\"log_level\":\"TRACE\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(context.getLogger("dev.weft.dataplane.admin").isTraceEnabled()).isTrue();
    }
  }
}
