package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.testing.FreePorts;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code weft sidecar --registry ... --publish <protocol>:<dataId> --subscribe ...}: the static app
 * config of an app that talks to no registry, run in-process against an in-process registry.
 */
class SidecarStaticAppTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ECHO = "dev.weft.peers.dubbo.EchoService";

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private final StringWriter err = new StringWriter();
  private InProcessRegistry registry;
  private Future<Integer> exit;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = InProcessRegistry.start(Duration.ofSeconds(10));
  }

  @AfterEach
  void stopAll() throws Exception {
    Runnable pending = stop.getAndSet(null);
    if (pending != null) {
      pending.run();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    }
    executor.shutdownNow();
    registry.close();
  }

  /** {@code weft sidecar --xds <nobody> --node-id node --registry ... extra}, in the background. */
  private void sidecar(String node, int agentPort, String... extra) {
    CommandLine commandLine = CommandRunner.commandLine(new StringWriter(), err);
    SidecarCommand command = CommandRunner.subcommand(commandLine, "sidecar");
    command.onShutdown = stop::set;
    List<String> args =
        new ArrayList<>(
            List.of(
                "sidecar",
                "--xds",
                "127.0.0.1:" + FreePorts.loopback(), // nobody: the sidecar waits for it
                "--node-id",
                node,
                "--registry",
                registry.address(),
                "--agent-address",
                "127.0.0.1:" + agentPort,
                "--admin-address",
                "127.0.0.1:0",
                "--workers",
                "1"));
    args.addAll(List.of(extra));
    exit = executor.submit(() -> commandLine.execute(args.toArray(String[]::new)));
    await().atMost(WAIT).until(() -> stop.get() != null || exit.isDone());
    assertThat(err.toString()).isEmpty();
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
