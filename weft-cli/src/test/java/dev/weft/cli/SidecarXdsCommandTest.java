package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.weft.dataplane.xds.AdsClient;
import dev.weft.testing.FreePorts;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code weft sidecar --xds} and config.json in xDS mode, run in-process. */
class SidecarXdsCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AdsClient.class);
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private HttpServer upstream;
  private Future<Integer> exit;

  @BeforeEach
  void start() throws IOException {
    logs.start();
    logger.addAppender(logs);
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body = "from upstream".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
          }
        });
    upstream.start();
  }

  @AfterEach
  void release() throws Exception {
    if (stop.get() != null) {
      stop.getAndSet(() -> {}).run();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    }
    logger.detachAppender(logs);
    executor.shutdownNow();
    upstream.stop(0);
  }

  private int run(String... args) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  /** Starts {@code weft sidecar args} in the background; it runs until the test ends. */
  private void runInBackground(String... args) {
    CommandLine commandLine =
        Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    SidecarCommand command = commandLine.getSubcommands().get("sidecar").getCommand();
    command.onShutdown = stop::set;
    exit = executor.submit(() -> commandLine.execute(args));
    await().atMost(WAIT).until(() -> stop.get() != null || exit.isDone());
    assertThat(err.toString()).isEmpty();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesWhatTheControlPlaneSendsAndIsReadyOnlyThen() throws Exception {
    int xdsPort = FreePorts.loopback();
    int adminPort = FreePorts.loopback();
    int listenerPort = FreePorts.loopback();
    try (SnapshotControlPlane plane = new SnapshotControlPlane(xdsPort)) {
      runInBackground(
          "sidecar",
          "--xds",
          "127.0.0.1:" + xdsPort,
          "--node-id",
          "shop-1",
          "--cluster",
          "shop",
          "--zone",
          "gz00a",
          "--app",
          "shop",
          "--egress-port",
          "http=" + listenerPort,
          "--session",
          "--admin-address",
          "127.0.0.1:" + adminPort,
          "--workers",
          "1");
      await().atMost(WAIT).until(() -> !plane.requests.isEmpty());
      assertThat(get(adminPort, "/ready").statusCode()).isEqualTo(503);

      plane.serve(listenerPort, upstream.getAddress().getPort());

      await().atMost(WAIT).until(() -> get(adminPort, "/ready").statusCode() == 200);
      HttpResponse<String> response = get(listenerPort, "/hello");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("from upstream");
      Node node = plane.requests.get(0).getNode();
      assertThat(node.getId()).isEqualTo("shop-1");
      assertThat(node.getCluster()).isEqualTo("shop");
      assertThat(node.getLocality().getZone()).isEqualTo("gz00a");
      assertThat(node.getMetadata().getFieldsOrThrow("app").getStringValue()).isEqualTo("shop");
      assertThat(node.getMetadata().getFieldsOrThrow("weft.session").getBoolValue()).isTrue();
      assertThat(
              node.getMetadata()
                  .getFieldsOrThrow("weft.egress_ports")
                  .getStructValue()
                  .getFieldsOrThrow("http")
                  .getNumberValue())
          .isEqualTo(listenerPort);
      JsonObject xds =
          JsonParser.parseString(get(adminPort, "/api/v1/config_dump").body())
              .getAsJsonObject()
              .getAsJsonObject("xds");
      assertThat(xds.get("control_plane").getAsString()).isEqualTo("127.0.0.1:" + xdsPort);
      assertThat(xds.getAsJsonObject("types").getAsJsonObject("CDS").get("version").getAsString())
          .isEqualTo("1");
    }
  }

  @Test
  void aConfigFileInXdsModeNamesTheControlPlaneAndTheNodeNextToStaticParts() throws Exception {
    int xdsPort = FreePorts.loopback();
    int adminPort = FreePorts.loopback();
    int listenerPort = FreePorts.loopback();
    Path file =
        Files.writeString(
            dir.resolve("config.json"),
            """
            {
              "node": {"id": "shop-2", "cluster": "shop", "metadata": {"app": "shop"}},
              "dynamic_resources": {"ads_config": {"api_type": "GRPC",
                "grpc_services": [{"envoy_grpc": {"cluster_name": "xds-grpc"}}]}},
              "static_resources": {"clusters": [{"name": "xds-grpc",
                "load_assignment": {"endpoints": [{"lb_endpoints": [{"endpoint": {"address":
                  {"socket_address": {"address": "127.0.0.1", "port_value": %d}}}}]}]}}]},
              "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": %d}}}
            }
            """
                .formatted(xdsPort, adminPort));
    try (SnapshotControlPlane plane = new SnapshotControlPlane(xdsPort)) {
      plane.serve(listenerPort, upstream.getAddress().getPort());

      runInBackground("sidecar", "-c", file.toString(), "--workers", "1");

      await().atMost(WAIT).until(() -> get(adminPort, "/ready").statusCode() == 200);
      assertThat(get(listenerPort, "/x").body()).isEqualTo("from upstream");
      assertThat(plane.requests.get(0).getNode().getId()).isEqualTo("shop-2");
    }
  }

  @Test
  void anUnreachableControlPlaneIsWaitedForAndLoggedOnce() throws Exception {
    int xdsPort = FreePorts.loopback();
    int adminPort = FreePorts.loopback();

    runInBackground(
        "sidecar",
        "--xds",
        "127.0.0.1:" + xdsPort,
        "--node-id",
        "shop-3",
        "--admin-address",
        "127.0.0.1:" + adminPort);

    await()
        .atMost(WAIT)
        .until(
            () ->
                logs.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("cannot reach the control")));
    // Retries go on (every 200 ms to 10 s) without logging again.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(
            () ->
                !exit.isDone()
                    && logs.list.stream()
                            .filter(
                                e ->
                                    e.getFormattedMessage()
                                        .contains("cannot reach the control plane"))
                            .count()
                        == 1);
    HttpResponse<String> ready = get(adminPort, "/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("control plane 127.0.0.1:" + xdsPort + " disconnected");
  }

  @Test
  void replicaListsAreCheckedEntryByEntryAndMustPairUp() throws Exception {
    assertThat(run("sidecar", "--xds", "127.0.0.1:15010,nowhere", "--node-id", "n"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(
            "weft: --xds: expected host:port,host:port,... (the replicas, in order of preference)"
                + " with ports from 1 to 65535, got 'nowhere' in '127.0.0.1:15010,nowhere'");
    err.getBuffer().setLength(0);

    assertThat(run("sidecar", "--xds", "127.0.0.1:15010,", "--node-id", "n"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--xds: expected host:port,host:port,...")
        .contains("got ''");
    err.getBuffer().setLength(0);

    assertThat(run("sidecar", "--xds", "127.0.0.1:15010, 127.0.0.1:15010", "--node-id", "n"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(
            "weft: --xds: each replica once, got 127.0.0.1:15010 twice in '127.0.0.1:15010,"
                + " 127.0.0.1:15010'");
    err.getBuffer().setLength(0);

    assertThat(
            run(
                "sidecar",
                "--xds",
                "127.0.0.1:15010,127.0.0.1:15011",
                "--registry",
                "127.0.0.1:9600",
                "--node-id",
                "n"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(
            "weft: --registry: expected one registry address per control-plane replica, in the"
                + " same order (replica i is address i of --xds and address i of --registry, so"
                + " that the sidecar's registry session and its ADS stream move together), got 2"
                + " control-plane addresses (127.0.0.1:15010,127.0.0.1:15011) and 1 registry"
                + " address (127.0.0.1:9600)");
    err.getBuffer().setLength(0);

    Path file =
        Files.writeString(
            dir.resolve("xds.json"),
            """
            {"node": {"id": "n"},
             "dynamic_resources": {"ads_config": {"api_type": "GRPC",
               "grpc_services": [{"envoy_grpc": {"cluster_name": "xds-grpc"}}]}},
             "static_resources": {"clusters": [{"name": "xds-grpc",
               "load_assignment": {"endpoints": [{"lb_endpoints": [{"endpoint": {"address":
                 {"socket_address": {"address": "127.0.0.1", "port_value": 15010}}}}]}]}}]}}
            """);
    assertThat(
            run(
                "sidecar",
                "-c",
                file.toString(),
                "--registry",
                "127.0.0.1:9600,127.0.0.1:9601",
                "--admin-address",
                "127.0.0.1:" + FreePorts.loopback()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(
            "(replica i is endpoint i of " + file + "'s ADS cluster and address i of --registry,")
        .contains("got 1 control-plane address (127.0.0.1:15010) and 2 registry addresses");
  }

  @Test
  void usageMistakesUnderXdsExit2() throws Exception {
    assertThat(run("sidecar", "--xds", "127.0.0.1:15010")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("under xDS the sidecar needs a node id: give --node-id <id>");
    err.getBuffer().setLength(0);

    assertThat(run("sidecar", "--xds", "nowhere", "--node-id", "n")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--xds: expected host:port with a port from 1 to 65535, got 'nowhere'");
    err.getBuffer().setLength(0);

    assertThat(
            run("sidecar", "--xds", "127.0.0.1:15010", "--node-id", "n", "--egress-port", "http=0"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--egress-port: expected <protocol>=<port>");
    err.getBuffer().setLength(0);

    Path file =
        Files.writeString(
            dir.resolve("static.json"),
            """
            {"servers": [{"listeners": [{"name": "l", "address": "127.0.0.1:0", "bind_port": true,
              "filter_chains": [{"filters": [{"type": "tcp_proxy",
                "config": {"cluster": "c"}}]}]}]}],
             "cluster_manager": {"clusters": [{"name": "c", "hosts": [{"address": "127.0.0.1:1"}]}]}}
            """);
    assertThat(run("sidecar", "-c", file.toString(), "--node-id", "n")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("describe the sidecar to a control plane: add --xds");
  }
}
