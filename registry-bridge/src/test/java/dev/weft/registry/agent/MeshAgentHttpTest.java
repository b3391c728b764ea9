package dev.weft.registry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent's HTTP surface: errors, methods, content types, keep-alive and {@code GET /services}.
 */
class MeshAgentHttpTest {
  private static AgentFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new AgentFixture(ClusterWarmth.alwaysWarm());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "/services/publish|{|body: expected a JSON object, got invalid JSON",
        "/services/publish|``|body: expected a JSON object, got nothing",
        "/services/publish|null|body: expected a JSON object, got null",
        "/services/publish|[]|body: expected a JSON object, got an array",
        "/services/publish|{} x|body: expected a JSON object, got invalid JSON",
        "/services/publish|{}|serviceName: expected a non-blank string, got nothing",
        "/services/subscribe|{\"serviceName\":42}|serviceName: expected a string, got 42",
        "/services/unpublish|{\"serviceName\":\" \"}|serviceName: expected a non-blank string,"
            + " got ' '",
        "/services/unsubscribe|{\"serviceName\":null}|serviceName: expected a non-blank string,"
            + " got null",
        "/services/publish|{\"serviceName\":\"a\"}|protocolType: expected one of bolt, dubbo,"
            + " http, got nothing",
        "/services/publish|{\"serviceName\":\"a\",\"protocolType\":\"tr\"}|protocolType: expected"
            + " one of bolt, dubbo, http, got 'tr'",
        "/services/subscribe|{\"serviceName\":\"a\",\"protocolType\":\"grpc\"}|protocolType:"
            + " expected one of bolt, dubbo, http, got 'grpc'",
        "/services/publish|{\"serviceName\":\"a\",\"protocolType\":\"bolt\",\"group\":5}|group:"
            + " expected a string, got 5",
        "/services/publish|{\"serviceName\":\"a#@#b\",\"protocolType\":\"bolt\"}|serviceName:"
            + " expected no '#@#' (it separates the parts of a dataInfoId), got a#@#b",
        "/services/publish|{\"serviceName\":\"a\",\"protocolType\":\"bolt\","
            + "\"providerMetaInfo\":\"x\"}|providerMetaInfo: expected a JSON object, got 'x'",
        "/services/publish|{\"serviceName\":\"a\",\"protocolType\":\"bolt\","
            + "\"providerMetaInfo\":{\"serializeType\":1}}|providerMetaInfo.serializeType:"
            + " expected a string, got 1",
        "/services/publish|{\"serviceName\":\"a\",\"protocolType\":\"bolt\","
            + "\"providerMetaInfo\":{\"properties\":{\"w\":{}}}}|providerMetaInfo.properties.w:"
            + " expected a string, number or boolean, got an object",
        "/configs/application|{\"appName\":1}|appName: expected a string, got 1",
        "/configs/application|{\"tags\":[1]}|tags: expected a string, number or boolean, got an"
            + " array",
      })
  void badRequestsAreRefusedWith400NamingTheField(String path, String body, String message)
      throws Exception {
    HttpResponse<String> response = fixture.post(path, body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject json = AgentFixture.json(response);
    assertThat(json.get("success").getAsBoolean()).isFalse();
    assertThat(json.get("errorMessage").getAsString()).startsWith(message);
  }

  @Test
  void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
    HttpResponse<String> missing = fixture.post("/services/publishh", "{}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(AgentFixture.json(missing).get("errorMessage").getAsString())
        .startsWith("no such path /services/publishh; the agent serves POST /configs/application");

    HttpResponse<String> get = fixture.request("GET", "/services/publish");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(AgentFixture.json(get).get("success").getAsBoolean()).isFalse();

    HttpResponse<String> post = fixture.post("/services", "{}");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void aBodyOverOneMebibyteIsRefused() throws Exception {
    String big = "{\"serviceName\":\"" + "x".repeat(MeshAgent.MAX_BODY_BYTES) + "\"}";
    HttpResponse<String> response = fixture.post("/services/publish", big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(AgentFixture.json(response).get("errorMessage").getAsString())
        .isEqualTo("body: expected at most 1048576 bytes");
  }

  @Test
  void jsonIsAcceptedWhateverTheContentType() throws Exception {
    for (String type : new String[] {"text/plain", "application/json; charset=utf-8", null}) {
      HttpResponse<String> response =
          fixture
              .postAsync("/configs/application", SofaBodies.APPLICATION, type)
              .get(5, TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(type).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"success\":true}");
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
    }
  }

  @Test
  void oneConnectionCarriesManyRequests() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", fixture.agent.port()), 3000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (int i = 0; i < 3; i++) {
        byte[] body = SofaBodies.APPLICATION.getBytes(StandardCharsets.UTF_8);
        out.write(
            ("POST /configs/application HTTP/1.1\r\nHost: 127.0.0.1:13330\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = -1;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        char[] answer = new char[length];
        assertThat(in.read(answer)).isEqualTo(length);
        assertThat(new String(answer)).isEqualTo("{\"success\":true}");
      }
    }
  }

  @Test
  void getServicesListsTheIdentityPublicationsAndSubscriptions() throws Exception {
    fixture.post("/configs/application", SofaBodies.APPLICATION);
    fixture.post("/services/publish", SofaBodies.PUBLISH);
    fixture.post("/services/subscribe", SofaBodies.subscribe("weft.Other:1.0"));

    JsonObject expected =
        JsonParser.parseString(
                "{\"success\":true,\"nodeId\":\"sidecar-1\","
                    + "\"application\":{\"appName\":\"accept-mesh-server\"},"
                    + "\"publications\":[{\"serviceName\":\"weft.accept.EchoService:1.0\","
                    + "\"group\":\"DEFAULT_GROUP\",\"protocolType\":\"bolt\","
                    + "\"registId\":\"sidecar-1/bolt\",\"addresses\":[\"127.0.0.1:12201\"],"
                    + "\"metadata\":{\"appName\":\"accept-mesh-server\","
                    + "\"serializeType\":\"hessian2\",\"version\":\"4.0\"},"
                    + "\"appPort\":12200,\"state\":\"published\"}],"
                    + "\"subscriptions\":[{\"serviceName\":\"weft.Other:1.0\","
                    + "\"group\":\"DEFAULT_GROUP\",\"cluster\":\"weft.Other:1.0\","
                    + "\"subscribers\":{\"bolt\":1},\"endpoints\":[],"
                    + "\"warmWhenAnswered\":true}]}")
            .getAsJsonObject();
    await()
        .atMost(AgentFixture.WAIT)
        .untilAsserted(
            () -> {
              JsonObject services = fixture.services();
              JsonObject subscription =
                  services.getAsJsonArray("subscriptions").get(0).getAsJsonObject();
              assertThat(subscription.remove("version")).isNotNull(); // the store's revision
              assertThat(services).isEqualTo(expected);
            });

    fixture.post("/services/unpublish", SofaBodies.UNPUBLISH);
    fixture.post(
        "/services/unsubscribe",
        SofaBodies.UNSUBSCRIBE.replace(SofaBodies.SERVICE, "weft.Other:1.0"));
    JsonObject empty = fixture.services();
    assertThat(empty.getAsJsonArray("publications")).isEmpty();
    assertThat(empty.getAsJsonArray("subscriptions")).isEmpty();
  }

  @Test
  void anAddressInUseIsAnErrorNamingIt() {
    AgentSettings taken =
        AgentSettings.defaults("other", "127.0.0.1")
            .withListen(new InetSocketAddress("127.0.0.1", fixture.agent.port()));
    assertThatThrownBy(() -> MeshAgent.start(taken, null, ClusterWarmth.alwaysWarm()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("the mesh agent cannot bind 127.0.0.1:" + fixture.agent.port());
  }
}
