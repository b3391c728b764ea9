package dev.weft.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.testing.process.WeftHome;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker compose up} for real: builds the images from the Dockerfile, starts
 * docker-compose.yml and waits for the control plane's {@code /ready} and for the demo consumer's
 * calls to come back through both sidecars. Needs a Docker engine and the compose plugin; without
 * them it reports itself skipped. {@link ComposeFileIT} checks the same file everywhere, and the
 * mesh behaviour it shows is tested without Docker by {@code mesh/SofaMeshRegistryIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {
  private static final Duration START = Duration.ofMinutes(15);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static ComposeContainer stack;

  @BeforeAll
  static void up() {
    assumeTrue(composePluginPresent(), "the docker compose plugin is not installed");
    stack =
        new ComposeContainer(WeftHome.locate().resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withExposedService(
                "control-plane",
                15014,
                Wait.forHttp("/ready").forStatusCode(200).withStartupTimeout(START))
            .waitingFor(
                "consumer",
                Wait.forLogMessage(
                        ".*/run -> SUMMARY calls=\\d+ ok=\\d+ mismatches=0 errors=0 .*", 1)
                    .withStartupTimeout(START))
            .withStartupTimeout(START);
    stack.start();
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.stop();
    }
  }

  @Test
  void theControlPlaneSeesBothSidecarsAndTheConsumersCallsSucceed() throws Exception {
    String admin =
        "http://"
            + stack.getServiceHost("control-plane", 15014)
            + ":"
            + stack.getServicePort("control-plane", 15014);
    HttpResponse<String> nodes =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(admin + "/debug/nodes")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(nodes.statusCode()).isEqualTo(200);
    assertThat(nodes.body())
        .contains("\"node\": \"provider-1\"", "\"node\": \"consumer-1\"")
        .contains("dev.weft.peers.sofa.EchoService:1.0");
  }

  private static boolean composePluginPresent() {
    try {
      Process version =
          new ProcessBuilder("docker", "compose", "version")
              .redirectErrorStream(true)
              .redirectOutput(
                  new File(System.getProperty("java.io.tmpdir"), "weft-compose-version.txt"))
              .start();
      return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
