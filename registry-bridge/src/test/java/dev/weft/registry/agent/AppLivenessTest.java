package dev.weft.registry.agent;

import static dev.weft.registry.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent withdraws an app's publications while its port does not answer (kill -9). */
class AppLivenessTest {
  private static final ServiceId ECHO = ServiceId.of(SofaBodies.SERVICE);
  private static final List<String> PUBLISHED = List.of("127.0.0.1:12201");

  private final ProbedApp app = new ProbedApp();
  private AgentFixture fixture;

  @AfterEach
  void stop() throws IOException {
    if (fixture != null) {
      fixture.close();
    }
    app.close();
  }

  private void startAgent(AppProbe probe) throws Exception {
    fixture = app.agent(Protocol.BOLT, 12201, 12220, probe);
  }

  @Test
  void anAppThatStopsAnsweringIsWithdrawnAfterTheGraceAndPublishedAgainWhenItIsBack()
      throws Exception {
    app.listen();
    startAgent(new AppProbe(Duration.ofMillis(50), Duration.ofMillis(400)));
    AgentFixture.Latest others = fixture.consumer(ECHO);
    fixture.post("/services/publish", SofaBodies.PUBLISH);
    await().atMost(WAIT).until(() -> PUBLISHED.equals(others.addresses()));
    await()
        .during(Duration.ofMillis(600))
        .atMost(WAIT)
        .until(() -> fixture.publicationState().equals("published"));

    app.close(); // as kill -9: no unpublish
    long killed = System.nanoTime();
    await().atMost(WAIT).until(() -> List.of().equals(others.addresses()));
    assertThat(Duration.ofNanos(System.nanoTime() - killed))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(fixture.publicationState()).isEqualTo("withdrawn");
    assertThat(fixture.nodePublications()).isEmpty();

    app.listen();
    await().atMost(WAIT).until(() -> PUBLISHED.equals(others.addresses()));
    assertThat(fixture.publicationState()).isEqualTo("published");
    assertThat(fixture.nodePublications()).hasSize(1);
  }

  @Test
  void aWithdrawnPublicationCanBeUnpublishedAndANewPublishCountsAsTheAppBeingUp() throws Exception {
    startAgent(new AppProbe(Duration.ofMillis(50), Duration.ofMillis(200)));
    AgentFixture.Latest others = fixture.consumer(ECHO);
    fixture.post("/services/publish", SofaBodies.PUBLISH);
    await().atMost(WAIT).until(() -> fixture.publicationState().equals("withdrawn"));
    await().atMost(WAIT).until(() -> List.of().equals(others.addresses()));

    assertThat(fixture.post("/services/unpublish", SofaBodies.UNPUBLISH).statusCode())
        .isEqualTo(200);
    assertThat(fixture.services().getAsJsonArray("publications")).isEmpty();

    app.listen();
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
