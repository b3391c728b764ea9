package dev.weft.registry.agent;

import static dev.weft.registry.agent.AgentFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.Subscription;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /services/subscribe} and {@code /services/unsubscribe} against a real registry. */
class MeshAgentSubscribeTest {
  private static final ServiceId ECHO = ServiceId.of(SofaBodies.SERVICE);
  private static final String ANSWER =
      "{\"success\":true,\"serviceName\":\"weft.accept.EchoService:1.0\",\"errorMessage\":\"\","
          + "\"datas\":[\"127.0.0.1:12220?p=bolt&_SERIALIZETYPE=hessian2&v=4.0\"]}";

  private AgentFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void subscribeSubscribesInTheNodesSessionAndAnswersOnceTheClusterIsWarm() throws Exception {
    FakeWarmth warmth = new FakeWarmth();
    fixture = new AgentFixture(warmth);

    CompletableFuture<HttpResponse<String>> answer =
        fixture.postAsync("/services/subscribe", SofaBodies.SUBSCRIBE);

    await().atMost(WAIT).until(() -> warmth.asked.contains(SofaBodies.SERVICE));
    assertThat(warmth.timeouts).containsExactly(Duration.ofSeconds(3));
    await()
        .atMost(WAIT)
        .until(() -> fixture.nodeSubscriptions().equals(Set.of(new Subscription(ECHO, false))));
    assertThat(answer).isNotDone();
    warmth.warm(SofaBodies.SERVICE);
    HttpResponse<String> response = answer.get(1, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(ANSWER);
  }

  @Test
  void subscribesAreAnsweredWithSuccessWithinTheWaitWhenClustersStayCold() throws Exception {
    fixture = new AgentFixture(new FakeWarmth());
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      answers.add(fixture.postAsync("/services/subscribe", SofaBodies.subscribe("weft.S" + i)));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofMillis(4500));
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> response = answers.get(i).get();
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject json = AgentFixture.json(response);
      assertThat(json.get("success").getAsBoolean()).isTrue();
      assertThat(json.get("serviceName").getAsString()).isEqualTo("weft.S" + i);
    }
    assertThat(fixture.nodeSubscriptions()).hasSize(50);
  }

  @Test
  void aWarmthThatFailsOrThrowsStillGetsASuccessfulAnswer() throws Exception {
    fixture =
        new AgentFixture(
            (cluster, timeout) -> {
              if (cluster.startsWith("throw")) {
                throw new IllegalStateException("no xDS yet");
              }
              return CompletableFuture.failedFuture(new IllegalStateException("gone"));
            });

    assertThat(fixture.post("/services/subscribe", SofaBodies.subscribe("throw.A")).body())
        .contains("\"success\":true");
    assertThat(fixture.post("/services/subscribe", SofaBodies.subscribe("fail.A")).body())
        .contains("\"success\":true");
  }

  @Test
  void unsubscribeTakesBackOneSubscribeAndIsIdempotent() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm());
    assertThat(fixture.post("/services/subscribe", SofaBodies.SUBSCRIBE).body()).isEqualTo(ANSWER);
    assertThat(fixture.post("/services/subscribe", SofaBodies.SUBSCRIBE).body()).isEqualTo(ANSWER);
    await().atMost(WAIT).until(() -> fixture.nodeSubscriptions().size() == 1);

    String ok = "{\"success\":true}";
    assertThat(fixture.post("/services/unsubscribe", SofaBodies.UNSUBSCRIBE).body()).isEqualTo(ok);
    await()
        .during(Duration.ofMillis(300))
        .atMost(WAIT)
        .until(() -> fixture.nodeSubscriptions().size() == 1);
    assertThat(fixture.post("/services/unsubscribe", SofaBodies.UNSUBSCRIBE).body()).isEqualTo(ok);
    await().atMost(WAIT).until(() -> fixture.nodeSubscriptions().isEmpty());
    assertThat(fixture.post("/services/unsubscribe", SofaBodies.UNSUBSCRIBE).body()).isEqualTo(ok);
    assertThat(fixture.services().getAsJsonArray("subscriptions")).isEmpty();
  }

  @Test
  void theAnswerCarriesTheProvidersSerializationOnceTheRegistryHasToldIt() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm());
    fixture
        .session("provider", "", "")
        .publish(
            new Publication(
                ECHO,
                "p",
                "",
                List.of(
                    new Endpoint(
                        "10.0.0.9",
                        12201,
                        Protocol.BOLT,
                        100,
                        "",
                        Map.of("serializeType", "protobuf")))))
        .get(5, TimeUnit.SECONDS);

    fixture.post("/services/subscribe", SofaBodies.SUBSCRIBE);
    await()
        .atMost(WAIT)
        .until(
            () ->
                fixture
                    .services()
                    .getAsJsonArray("subscriptions")
                    .get(0)
                    .getAsJsonObject()
                    .has("endpoints"));
    String second = fixture.post("/services/subscribe", SofaBodies.SUBSCRIBE).body();
    assertThat(JsonParser.parseString(second).getAsJsonObject().get("datas").toString())
        .isEqualTo("[\"127.0.0.1:12220?p=bolt&_SERIALIZETYPE=protobuf&v=4.0\"]");
  }

  @Test
  void aServiceOutsideTheDefaultGroupIsWaitedForByItsDataInfoIdOnItsProtocolsEgressPort()
      throws Exception {
    FakeWarmth warmth = new FakeWarmth();
    fixture = new AgentFixture(warmth);
    String cluster = "weft.Blue:1.0#@#DEFAULT_INSTANCE_ID#@#blue";
    warmth.warm(cluster);

    HttpResponse<String> response =
        fixture.post(
            "/services/subscribe",
            "{\"serviceName\":\"weft.Blue:1.0\",\"protocolType\":\"dubbo\",\"group\":\"blue\"}");

    assertThat(warmth.asked).containsExactly(cluster);
    assertThat(AgentFixture.json(response).get("datas").toString())
        .isEqualTo("[\"127.0.0.1:12230?p=dubbo&_SERIALIZETYPE=hessian2&v=4.0\"]");
  }
}
