package dev.weft.registry.agent;

import static dev.weft.registry.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MeshAgent#publish} and {@link MeshAgent#subscribe}: the sidecar told what its app provides
 * and consumes (static app config) does what the app's own calls would.
 */
class MeshAgentStaticTest {
  private static final ServiceId ECHO = ServiceId.of("dev.weft.peers.dubbo.EchoService");

  private AgentFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aStaticPublishIsAnAppsPublishWithoutProviderMetadata() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm(), s -> s.withZone("zone-a"));
    AgentFixture.Latest others = fixture.consumer(ECHO);

    fixture.agent.publish(ECHO, Protocol.DUBBO).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(fixture.nodePublications())
        .containsExactly(
            new Publication(
                ECHO,
                "sidecar-1/dubbo",
                "zone-a",
                List.of(
                    new Endpoint("127.0.0.1", 12231, Protocol.DUBBO, 100, "zone-a", Map.of()))));
    await().atMost(WAIT).until(() -> List.of("127.0.0.1:12231").equals(others.addresses()));
    JsonObject listed = fixture.services().getAsJsonArray("publications").get(0).getAsJsonObject();
    assertThat(listed.get("protocolType").getAsString()).isEqualTo("dubbo");
    assertThat(listed.get("appPort").getAsInt()).isEqualTo(20880);

    // The app's own unpublish takes it back, as for one it published itself.
    assertThat(
            fixture
                .post(
                    "/services/unpublish",
                    "{\"serviceName\":\"dev.weft.peers.dubbo.EchoService\","
                        + "\"protocolType\":\"dubbo\"}")
                .statusCode())
        .isEqualTo(200);
    await().atMost(WAIT).until(() -> List.of().equals(others.addresses()));
  }

  @Test
  void aStaticPublishCarriesTheAppsNameOnceTheAppSaidIt() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm());
    fixture.post("/configs/application", "{\"appName\":\"shop\"}");

    fixture.agent.publish(ECHO, Protocol.HTTP).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(fixture.nodePublications().get(0).endpoints())
        .containsExactly(
            new Endpoint("127.0.0.1", 12241, Protocol.HTTP, 100, "", Map.of("appName", "shop")));
  }

  @Test
  void aStaticSubscribeSubscribesInTheNodesSessionAndCountsLikeAnAppsSubscribe() throws Exception {
    fixture = new AgentFixture(new FakeWarmth());

    // Nobody publishes it: the registry's first list is empty, and it still confirms.
    fixture.agent.subscribe(ECHO, Protocol.DUBBO).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(fixture.nodeSubscriptions()).containsExactly(new Subscription(ECHO, false));
    // A second subscriber of the same service is confirmed by the list the first one got.
    fixture.agent.subscribe(ECHO, Protocol.BOLT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    JsonObject listed = fixture.services().getAsJsonArray("subscriptions").get(0).getAsJsonObject();
    assertThat(listed.getAsJsonObject("subscribers").get("dubbo").getAsInt()).isEqualTo(1);
    assertThat(listed.getAsJsonObject("subscribers").get("bolt").getAsInt()).isEqualTo(1);
  }

  @Test
  void aProtocolTheAgentHasNoPortsForIsRefused() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm());

    assertThatThrownBy(() -> fixture.agent.publish(ECHO, Protocol.GRPC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocol: expected one of bolt, dubbo, http, got 'grpc'");
    assertThatThrownBy(() -> fixture.agent.subscribe(ECHO, Protocol.GRPC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protocol: expected one of bolt, dubbo, http, got 'grpc'");
    assertThat(fixture.nodeSubscriptions()).isEmpty();
  }
}
