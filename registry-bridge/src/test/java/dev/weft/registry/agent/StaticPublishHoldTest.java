package dev.weft.registry.agent;

import static dev.weft.registry.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A static publication ({@link MeshAgent#publish}) waits for the app: with the probe on, it reaches
 * the registry only once the app answers on its port, as Kubernetes and Consul advertise an
 * endpoint only once its app is ready.
 */
class StaticPublishHoldTest {
  private static final ServiceId ECHO = ServiceId.of("dev.weft.peers.dubbo.EchoService");
  private static final List<String> PUBLISHED = List.of("127.0.0.1:12231");

  /** The default interval: the held publication must go out well before the next normal probe. */
  private static final AppProbe PROBE = AppProbe.DEFAULT;

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
    fixture = app.agent(Protocol.DUBBO, 12231, 12230, probe);
  }

  @Test
  void withNoAppListeningThePublicationIsHeldUntilTheAppAnswers() throws Exception {
    startAgent(PROBE);
    AgentFixture.Latest others = fixture.consumer(ECHO);
    await().atMost(WAIT).until(() -> List.of().equals(others.addresses()));

    // Held: the future completes at once, and the registry does not get the endpoint.
    fixture.agent.publish(ECHO, Protocol.DUBBO).get(1, TimeUnit.SECONDS);
    assertThat(fixture.publicationState()).isEqualTo("withdrawn");
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(() -> fixture.nodePublications().isEmpty() && others.addresses().isEmpty());

    app.listen();
    await().atMost(Duration.ofSeconds(1)).until(() -> PUBLISHED.equals(others.addresses()));
    assertThat(fixture.publicationState()).isEqualTo("published");
    assertThat(fixture.nodePublications()).hasSize(1);
  }

  @Test
  void withTheAppListeningThePublicationGoesOutAtOnce() throws Exception {
    app.listen();
    startAgent(PROBE);

    fixture.agent.publish(ECHO, Protocol.DUBBO).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // Stored when the future completed: no probe round was needed.
    assertThat(fixture.nodePublications()).hasSize(1);
    assertThat(fixture.publicationState()).isEqualTo("published");
  }

  @Test
  void withTheProbeOffThePublicationGoesOutAtOnceWhateverTheAppPort() throws Exception {
    startAgent(AppProbe.OFF);

    fixture.agent.publish(ECHO, Protocol.DUBBO).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(fixture.nodePublications()).hasSize(1);
    assertThat(fixture.publicationState()).isEqualTo("published");
  }

  @Test
  void anAppsOwnPublishIsNeverHeld() throws Exception {
    startAgent(PROBE);
    AgentFixture.Latest others = fixture.consumer(ECHO);

    // The app's own publish means it is up, whether the probe reaches it yet or not.
    assertThat(
            fixture
                .post(
                    "/services/publish",
                    "{\"serviceName\":\"dev.weft.peers.dubbo.EchoService\","
                        + "\"protocolType\":\"dubbo\"}")
                .statusCode())
        .isEqualTo(200);

    assertThat(fixture.nodePublications()).hasSize(1);
    await().atMost(WAIT).until(() -> PUBLISHED.equals(others.addresses()));
  }
}
