package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.weft.testing.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft sidecar --registry ... --publish <protocol>:<dataId> --subscribe ...}: the static app
 * config of an app that talks to no registry, run in-process against an in-process registry.
 */
class SidecarStaticAppTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ECHO = "dev.weft.peers.dubbo.EchoService";

  private final HttpClient http = HttpClient.newHttpClient();
  private final BackgroundCommands background = new BackgroundCommands();
  private final List<ServerSocket> apps = new ArrayList<>();
  private InProcessRegistry registry;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = InProcessRegistry.start(Duration.ofSeconds(10));
  }

  @AfterEach
  void stopAll() throws Exception {
    try {
      background.close();
    } finally {
      registry.close();
      for (ServerSocket app : apps) {
        app.close();
      }
    }
  }

  /** Starts {@code weft args} in the background; it runs until the test ends. */
  private void inBackground(List<String> args) {
    background.start(args);
  }

  /** {@code weft sidecar --xds <xds> --node-id node --registry <registry> ... extra}. */
  private void sidecar(String xds, String registry, String node, int admin, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sidecar",
                "--xds",
                xds,
                "--node-id",
                node,
                "--registry",
                registry,
                "--admin-address",
                "127.0.0.1:" + admin,
                "--workers",
                "1"));
    args.addAll(List.of(extra));
    inBackground(args);
  }

  /** A sidecar whose control plane never answers, its registry session on the test's registry. */
  private void sidecar(String node, int agentPort, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--agent-address",
                "127.0.0.1:" + agentPort)); // nobody on the xDS port: the sidecar waits for it
    args.addAll(List.of(extra));
    sidecar(
        "127.0.0.1:" + FreePorts.loopback(),
        registry.address(),
        node,
        0,
        args.toArray(String[]::new));
  }

  private JsonObject agentServices(int agentPort) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agentPort + "/services"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  /** An app that only listens, on a free loopback port, until the test ends. */
  private int app() throws IOException {
    ServerSocket app = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    apps.add(app);
    return app.getLocalPort();
  }

  @Test
  void publishPutsTheSidecarsIngressAddressInTheRegistryAndSubscribeSubscribes() throws Exception {
    int agentPort = FreePorts.loopback();
    int ingress = FreePorts.loopback();
    sidecar(
        "provider-1",
        agentPort,
        "--publish-address",
        "10.0.0.5",
        "--ingress-port",
        "dubbo=" + ingress,
        "--app-port",
        "dubbo=" + app(),
        "--publish",
        "dubbo:" + ECHO,
        "--publish",
        "DUBBO:" + ECHO, // the same one again: published once
        "--subscribe",
        "http:shop",
        "--subscribe",
        "bolt:dev.weft.Other:1.0");

    await()
        .atMost(WAIT)
        .until(
            () ->
                CommandRunner.run("services", "--registry", registry.address())
                    .out()
                    .contains("10.0.0.5:" + ingress));
    JsonArray services =
        JsonParser.parseString(
                CommandRunner.run("services", "--registry", registry.address(), "--output", "json")
                    .out())
            .getAsJsonArray();
    assertThat(services).hasSize(1);
    JsonObject echo = services.get(0).getAsJsonObject();
    assertThat(echo.get("dataId").getAsString()).isEqualTo(ECHO);
    JsonArray endpoints = echo.getAsJsonArray("endpoints");
    assertThat(endpoints).hasSize(1);
    assertThat(endpoints.get(0).getAsJsonObject().get("protocol").getAsString()).isEqualTo("dubbo");

    JsonObject agent = agentServices(agentPort);
    assertThat(agent.get("nodeId").getAsString()).isEqualTo("provider-1");
    JsonObject publication = agent.getAsJsonArray("publications").get(0).getAsJsonObject();
    assertThat(publication.get("registId").getAsString()).isEqualTo("provider-1/dubbo");
    JsonArray subscriptions = agent.getAsJsonArray("subscriptions");
    assertThat(subscriptions).hasSize(2);
    assertThat(subscriptions.get(0).getAsJsonObject().get("serviceName").getAsString())
        .isEqualTo("dev.weft.Other:1.0");
    assertThat(
            subscriptions
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("subscribers")
                .get("bolt")
                .getAsInt())
        .isEqualTo(1);
    assertThat(subscriptions.get(1).getAsJsonObject().get("serviceName").getAsString())
        .isEqualTo("shop");
  }

  @Test
  void aPublicationWaitsForTheAppToListen() throws Exception {
    int agentPort = FreePorts.loopback();
    int ingress = FreePorts.loopback();
    int appPort = FreePorts.loopback();
    sidecar(
        "provider-1",
        agentPort,
        "--publish-address",
        "10.0.0.5",
        "--ingress-port",
        "dubbo=" + ingress,
        "--app-port",
        "dubbo=" + appPort,
        "--publish",
        "dubbo:" + ECHO);

    // The sidecar is up and holds the publication: the registry has no endpoint for it.
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                agentServices(agentPort)
                    .getAsJsonArray("publications")
                    .get(0)
                    .getAsJsonObject()
                    .get("state")
                    .getAsString()
                    .equals("withdrawn"));
    assertThat(CommandRunner.run("services", "--registry", registry.address()).out())
        .doesNotContain("10.0.0.5:" + ingress);

    ServerSocket app = new ServerSocket();
    apps.add(app);
    app.setReuseAddress(true);
    app.bind(new InetSocketAddress("127.0.0.1", appPort));
    await()
        .atMost(Duration.ofSeconds(1))
        .until(
            () ->
                CommandRunner.run("services", "--registry", registry.address())
                    .out()
                    .contains("10.0.0.5:" + ingress));
  }

  @Test
  void underAControlPlaneTheSidecarIsReadyOnlyOnceItHasTheClustersOfItsSubscriptions()
      throws Exception {
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("app saw "
                      + exchange.getRequestURI()
                      + " for "
                      + exchange.getRequestHeaders().getFirst("Host"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    app.start();
    try {
      int[] ports = FreePorts.distinct("127.0.0.1", 7);
      String registryAddress = "127.0.0.1:" + ports[0];
      String xds = "127.0.0.1:" + ports[1];
      int providerAdmin = ports[2];
      int consumerAdmin = ports[3];
      int ingress = ports[4];
      int consumerEgress = ports[6];
      inBackground(
          List.of(
              "control-plane",
              "--registry-address",
              registryAddress,
              "--xds-address",
              xds,
              "--admin-address",
              "127.0.0.1:0"));
      sidecar(
          xds,
          registryAddress,
          "provider-1",
          providerAdmin,
          "--agent-address",
          "127.0.0.1:0",
          "--publish-address",
          "127.0.0.1",
          "--egress-port",
          "http=" + ports[5],
          "--ingress-port",
          "http=" + ingress,
          "--app-port",
          "http=" + app.getAddress().getPort(),
          "--publish",
          "http:shop");
      await().atMost(WAIT).until(() -> AdminApis.ready(providerAdmin));
      assertThat(AdminApis.listeners(providerAdmin)).contains("ingress_http_" + ingress);

      sidecar(
          xds,
          registryAddress,
          "consumer-1",
          consumerAdmin,
          "--agent-address",
          "127.0.0.1:0",
          "--egress-port",
          "http=" + consumerEgress,
          "--subscribe",
          "http:shop");
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> AdminApis.ready(consumerAdmin));

      // Ready means the first config had the subscription's cluster, with the provider in it.
      assertThat(AdminApis.clusterHosts(consumerAdmin, "shop"))
          .containsExactly("127.0.0.1:" + ingress);
      assertThat(AdminApis.rawGet(consumerEgress, "/hello", "shop"))
          .startsWith("HTTP/1.1 200")
          .endsWith("app saw /hello for shop");
    } finally {
      app.stop(0);
    }
  }

  @Test
  void staticServicesThatAreMalformedOrWithoutARegistryExit2NamingTheOption() {
    String xds = "127.0.0.1:" + FreePorts.loopback();
    String[][] cases = {
      {"--publish", "dubbo"},
      {"--publish", ":" + ECHO},
      {"--subscribe", "http:"},
      {"--publish", "tr:" + ECHO},
      {"--subscribe", "grpc:greeter"},
    };
    for (String[] bad : cases) {
      CommandRunner.Result result =
          CommandRunner.run(
              "sidecar",
              "--xds",
              xds,
              "--node-id",
              "n",
              "--registry",
              registry.address(),
              bad[0],
              bad[1]);
      assertThat(result.exitCode()).as(String.join(" ", bad)).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err())
          .as(String.join(" ", bad))
          .startsWith(
              "weft: "
                  + bad[0]
                  + ": expected <protocol>:<dataId> with a protocol of bolt, dubbo or http,"
                  + " e.g. dubbo:com.example.EchoService, got '"
                  + bad[1]
                  + "'");
    }

    CommandRunner.Result blank =
        CommandRunner.run(
            "sidecar",
            "--xds",
            xds,
            "--node-id",
            "n",
            "--registry",
            registry.address(),
            "--publish",
            "http: ");
    assertThat(blank.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(blank.err())
        .startsWith("weft: --publish: 'http: ': dataId: expected a non-blank string, got ' '");

    for (String option : List.of("--publish", "--subscribe")) {
      CommandRunner.Result result =
          CommandRunner.run("sidecar", "--xds", xds, "--node-id", "n", option, "dubbo:" + ECHO);
      assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err())
          .startsWith(
              "weft: "
                  + option
                  + ": configures the sidecar's registry session and mesh agent: add --registry"
                  + " <host:port>");
    }
  }
}
