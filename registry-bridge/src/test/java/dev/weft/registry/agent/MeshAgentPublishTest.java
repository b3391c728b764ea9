package dev.weft.registry.agent;

import static dev.weft.registry.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.server.RegistryServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /services/publish} and {@code /services/unpublish} against a real registry. */
class MeshAgentPublishTest {
  private static final ServiceId ECHO = ServiceId.of(SofaBodies.SERVICE);

  private AgentFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static void assertSuccess(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(AgentFixture.json(response).get("success").getAsBoolean()).isTrue();
  }

  @Test
  void aSofaPublishPutsTheSidecarsIngressAddressInTheNodesSessionNeverTheAppPort()
      throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm());
    AgentFixture.Latest others = fixture.consumer(ECHO);

    assertSuccess(fixture.post("/configs/application", SofaBodies.APPLICATION));
    assertSuccess(fixture.post("/services/publish", SofaBodies.PUBLISH));

    Endpoint expected =
        new Endpoint(
            "127.0.0.1",
            12201,
            Protocol.BOLT,
            100,
            "",
            Map.of("appName", "accept-mesh-server", "serializeType", "hessian2", "version", "4.0"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(fixture.nodePublications())
                    .containsExactly(
                        new Publication(ECHO, "sidecar-1/bolt", "", List.of(expected))));
    await().atMost(WAIT).until(() -> List.of("127.0.0.1:12201").equals(others.addresses()));
  }

  @Test
  void unpublishRemovesThePublicationAndIsIdempotent() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm());
    AgentFixture.Latest others = fixture.consumer(ECHO);
    assertSuccess(fixture.post("/services/publish", SofaBodies.PUBLISH));
    await().atMost(WAIT).until(() -> List.of("127.0.0.1:12201").equals(others.addresses()));

    assertSuccess(fixture.post("/services/unpublish", SofaBodies.UNPUBLISH));
    await().atMost(WAIT).until(() -> List.of().equals(others.addresses()));
    assertThat(fixture.nodePublications()).isEmpty();

    assertSuccess(fixture.post("/services/unpublish", SofaBodies.UNPUBLISH));
    assertSuccess(
        fixture.post("/services/unpublish", SofaBodies.unpublish("never.Published:1.0", "bolt")));
    assertSuccess(fixture.post("/services/publish", SofaBodies.PUBLISH));
    await().atMost(WAIT).until(() -> List.of("127.0.0.1:12201").equals(others.addresses()));
  }

  @Test
  void withoutAnApplicationCallAGroupAndAZoneThePublicationCarriesThem() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm(), s -> s.withZone("zone-a"));
    String body =
        "{\"serviceName\":\"weft.Blue:1.0\",\"protocolType\":\"bolt\",\"group\":\"blue\","
            + "\"providerMetaInfo\":{\"serializeType\":\"protobuf\","
            + "\"properties\":{\"weight\":\"50\",\"timeout\":3000,\"none\":null}},\"extra\":[1]}";

    assertSuccess(fixture.post("/services/publish", body));

    ServiceId blue = new ServiceId("weft.Blue:1.0", ServiceId.DEFAULT_INSTANCE_ID, "blue");
    await().atMost(WAIT).until(() -> fixture.nodePublications().size() == 1);
    Publication publication = fixture.nodePublications().get(0);
    assertThat(publication.service()).isEqualTo(blue);
    assertThat(publication.zone()).isEqualTo("zone-a");
    assertThat(publication.endpoints())
        .containsExactly(
            new Endpoint(
                "127.0.0.1",
                12201,
                Protocol.BOLT,
                100,
                "zone-a",
                Map.of("serializeType", "protobuf", "weight", "50", "timeout", "3000")));
  }

  @Test
  void eachProtocolPublishesItsOwnIngressPortUnderItsOwnRegistId() throws Exception {
    fixture =
        new AgentFixture(
            ClusterWarmth.alwaysWarm(),
            s -> s.withPorts(Protocol.HTTP, new ProtocolPorts(9000, 18080, 18081)));

    assertSuccess(
        fixture.post("/services/publish", SofaBodies.publish("weft.D:1.0", "dubbo", "hessian2")));
    assertSuccess(
        fixture.post("/services/publish", SofaBodies.publish("weft.H:1.0", "HTTP", "json")));

    await().atMost(WAIT).until(() -> fixture.nodePublications().size() == 2);
    assertThat(fixture.nodePublications())
        .extracting(p -> p.registId() + " " + p.endpoints().get(0).hostPort())
        .containsExactlyInAnyOrder(
            "sidecar-1/dubbo 127.0.0.1:12231", "sidecar-1/http 127.0.0.1:18080");
  }

  @Test
  void aPublishWhileTheRegistryIsDownIsAnsweredAfterTheWaitAndLandsWhenItIsBack() throws Exception {
    fixture =
        new AgentFixture(
            ClusterWarmth.alwaysWarm(),
            s ->
                new AgentSettings(
                    s.listen(),
                    s.nodeId(),
                    s.publishHost(),
                    s.zone(),
                    s.ports(),
                    s.subscribeWait(),
                    Duration.ofMillis(300),
                    s.appProbe()));
    int port = fixture.server.port();
    fixture.server.close();

    long start = System.nanoTime();
    assertSuccess(fixture.post("/services/publish", SofaBodies.PUBLISH));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    fixture.server = RegistryServer.start(fixture.node, new InetSocketAddress("127.0.0.1", port));
    AgentFixture.Latest others = fixture.consumer(ECHO);
    await().atMost(WAIT).until(() -> List.of("127.0.0.1:12201").equals(others.addresses()));
  }
}
