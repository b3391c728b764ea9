package dev.weft.registry.agent;

import static dev.weft.registry.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import dev.weft.testing.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent withdraws an app's publications while its port does not answer (kill -9). */
class AppLivenessTest {
  private static final ServiceId ECHO = ServiceId.of(SofaBodies.SERVICE);
  private static final List<String> PUBLISHED = List.of("127.0.0.1:12201");

  private final int appPort = FreePorts.loopback();
  private AgentFixture fixture;
  private ServerSocket app;

  @AfterEach
  void stop() throws IOException {
    if (fixture != null) {
      fixture.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private void startAgent(AppProbe probe) throws Exception {
    fixture =
        new AgentFixture(
            ClusterWarmth.alwaysWarm(),
            s ->
                s.withPorts(Protocol.BOLT, new ProtocolPorts(appPort, 12201, 12220))
                    .withAppProbe(probe));
  }

  private void startApp() throws IOException {
    app = new ServerSocket();
    app.setReuseAddress(true);
    app.bind(new InetSocketAddress("127.0.0.1", appPort));
  }

  private String state() throws Exception {
    return fixture
        .services()
        .getAsJsonArray("publications")
        .get(0)
        .getAsJsonObject()
        .get("state")
        .getAsString();
  }

  @Test
  void anAppThatStopsAnsweringIsWithdrawnAfterTheGraceAndPublishedAgainWhenItIsBack()
      throws Exception {
    startApp();
    startAgent(new AppProbe(Duration.ofMillis(50), Duration.ofMillis(400)));
    AgentFixture.Latest others = fixture.consumer(ECHO);
    fixture.post("/services/publish", SofaBodies.PUBLISH);
    await().atMost(WAIT).until(() -> PUBLISHED.equals(others.addresses()));
    await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> state().equals("published"));

    app.close(); // as kill -9: no unpublish
    long killed = System.nanoTime();
    await().atMost(WAIT).until(() -> List.of().equals(others.addresses()));
    assertThat(Duration.ofNanos(System.nanoTime() - killed))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(state()).isEqualTo("withdrawn");
    assertThat(fixture.nodePublications()).isEmpty();

    startApp();
    await().atMost(WAIT).until(() -> PUBLISHED.equals(others.addresses()));
    assertThat(state()).isEqualTo("published");
    assertThat(fixture.nodePublications()).hasSize(1);
  }

  @Test
  void aWithdrawnPublicationCanBeUnpublishedAndANewPublishCountsAsTheAppBeingUp() throws Exception {
    startAgent(new AppProbe(Duration.ofMillis(50), Duration.ofMillis(200)));
    AgentFixture.Latest others = fixture.consumer(ECHO);
    fixture.post("/services/publish", SofaBodies.PUBLISH);
    await().atMost(WAIT).until(() -> state().equals("withdrawn"));
    await().atMost(WAIT).until(() -> List.of().equals(others.addresses()));

    assertThat(fixture.post("/services/unpublish", SofaBodies.UNPUBLISH).statusCode())
        .isEqualTo(200);
    assertThat(fixture.services().getAsJsonArray("publications")).isEmpty();

    startApp();
    fixture.post("/services/publish", SofaBodies.PUBLISH);
    await().atMost(WAIT).until(() -> PUBLISHED.equals(others.addresses()));
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(() -> PUBLISHED.equals(others.addresses()));
  }

  @Test
  void withTheProbeOffAPublicationStaysWhateverTheAppPort() throws Exception {
    startAgent(AppProbe.OFF);
    AgentFixture.Latest others = fixture.consumer(ECHO);
    fixture.post("/services/publish", SofaBodies.PUBLISH);
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(() -> PUBLISHED.equals(others.addresses()));
    assertThat(
            fixture
                .services()
                .getAsJsonArray("publications")
                .get(0)
                .getAsJsonObject()
                .has("appUnreachableMs"))
        .isFalse();
  }
}
