package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.weft.testing.FreePorts;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

/** {@code weft sidecar}, run in-process. */
class SidecarCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SidecarCommand.class);
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
    executor.shutdownNow();
  }

  private CommandLine commandLine() {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private int run(String... args) {
    return commandLine().execute(args);
  }

  private static String config(int listenerPort, int upstreamPort) {
    return """
        {
          "servers": [{
            "default_log_path": "stdout",
            "listeners": [{
              "name": "egress",
              "address": "127.0.0.1:%d",
              "bind_port": true,
              "filter_chains": [{"filters": [{"type": "proxy",
                "config": {"downstream_protocol": "Http1", "router_config_name": "r"}}]}]
            }],
            "routers": [{"router_config_name": "r", "virtual_hosts": [{"name": "all",
              "domains": ["*"], "routers": [{"match": {"prefix": "/"},
              "route": {"cluster_name": "backend"}}]}]}]
          }],
          "cluster_manager": {"clusters": [{"name": "backend",
            "hosts": [{"address": "127.0.0.1:%d"}]}]}
        }
        """
        .formatted(listenerPort, upstreamPort);
  }

  @Test
  void helpDescribesTheOptions() {
    assertThat(run("sidecar", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("Usage: weft sidecar")
        .contains("-c, --config=<file>")
        .contains("--xds=<host:port>")
        .contains("--node-id=<id>")
        .contains("--workers=<n>");
    out.getBuffer().setLength(0);
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("sidecar");
  }

  @Test
  void aConfigOrAControlPlaneIsRequired() {
    assertThat(run("sidecar")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: give -c <config.json> (file mode), or --xds <host:port> --node-id <id> (under"
                + " a control plane), or both"
                + System.lineSeparator());
  }

  @Test
  void theMeshAgentNeedsAControlPlaneAndItsOptionsNeedTheRegistry() throws Exception {
    Path file = Files.writeString(dir.resolve("agentless.json"), config(0, 1));
    assertThat(run("sidecar", "-c", file.toString(), "--registry", "127.0.0.1:9600"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: --registry: only under a control plane: add --xds <host:port>"
                + System.lineSeparator());
    err.getBuffer().setLength(0);

    assertThat(
            run(
                "sidecar",
                "--xds",
                "127.0.0.1:15010",
                "--node-id",
                "n1",
                "--publish-address",
                "10.0.0.5"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: --publish-address: configures the sidecar's registry session and mesh agent:"
                + " add --registry <host:port>"
                + System.lineSeparator());
    err.getBuffer().setLength(0);

    assertThat(run("sidecar", "--xds", "127.0.0.1:15010", "--node-id", "n1", "--registry", "9600"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("weft: --registry: expected host:port");
    err.getBuffer().setLength(0);

    assertThat(
            run(
                "sidecar",
                "--xds",
                "127.0.0.1:15010",
                "--node-id",
                "n1",
                "--registry",
                "127.0.0.1:9600",
                "--agent-address",
                "127.0.0.1:0",
                "--publish-address",
                "provider.local"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: --publish-address: expected the IP address other sidecars reach this one on"
                + " (endpoints reach sidecars over EDS, which carries IP addresses only), got"
                + " 'provider.local'"
                + System.lineSeparator());
  }

  @Test
  void aMissingFileExits2NamingIt() {
    assertThat(run("sidecar", "-c", "missing.json")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo("weft: missing.json: no such file" + System.lineSeparator());
  }

  @Test
  void aBadConfigExits2WithOneLine() throws Exception {
    Path file =
        Files.writeString(dir.resolve("config.json"), config(0, 1).replace("Http1", "Http9"));

    assertThat(run("sidecar", "--config", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: "
                + file
                + ": servers[0].listeners[0].filter_chains[0].filters[0].config.downstream_protocol:"
                + " unknown protocol 'Http9'; expected one of Http1, Http2, bolt, boltv2, dubbo"
                + System.lineSeparator());
  }

  @Test
  void aTakenPortExits2NamingTheListenerAndAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Path file = Files.writeString(dir.resolve("config.json"), config(port, 1));

      assertThat(run("sidecar", "-c", file.toString(), "--admin-address", "127.0.0.1:0"))
          .isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString())
          .startsWith("weft: listener 'egress' cannot bind 127.0.0.1:" + port + ": ")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aTakenAdminPortExits2NamingTheAdminAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Path file = Files.writeString(dir.resolve("config.json"), config(0, 1));

      assertThat(
              run(
                  "sidecar",
                  "-c",
                  file.toString(),
                  "--admin-address",
                  "127.0.0.1:" + taken.getLocalPort()))
          .isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString()).startsWith("weft: admin").contains(":" + taken.getLocalPort());
    }
  }

  @Test
  void badWorkersIsBadUsage() throws Exception {
    Path file = Files.writeString(dir.resolve("config.json"), config(0, 1));
    assertThat(run("sidecar", "-c", file.toString(), "--workers", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: --workers: expected a number of at least 1, got 0" + System.lineSeparator());
  }

  @Test
  void servesUntilShutdownLoggingWarningsAndBoundAddresses() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
          }
        });
    upstream.start();
    AtomicReference<Runnable> stop = new AtomicReference<>();
    int adminPort = FreePorts.loopback();
    try {
      int port = FreePorts.loopback();
      Path file =
          Files.writeString(
              dir.resolve("config.json"), config(port, upstream.getAddress().getPort()));
      CommandLine commandLine = commandLine();
      SidecarCommand command = commandLine.getSubcommands().get("sidecar").getCommand();
      command.onShutdown = stop::set;

      Future<Integer> exit =
          executor.submit(
              () ->
                  commandLine.execute(
                      "sidecar",
                      "-c",
                      file.toString(),
                      "--workers",
                      "1",
                      "--admin-address",
                      "127.0.0.1:" + adminPort));
      await().atMost(Duration.ofSeconds(20)).until(() -> stop.get() != null || exit.isDone());
      assertThat(err.toString()).isEmpty();

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hi");
      assertThat(exit.isDone()).isFalse();
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);

      stop.getAndSet(() -> {}).run();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
      assertThat(logs.list)
          .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
          .contains(
              "WARN "
                  + file
                  + ": servers[0].default_log_path: ignored: Weft logs through SLF4J; set the level"
                  + " with -Dweft.log.level",
              "INFO listener 'egress' listening on 127.0.0.1:" + port,
              "INFO admin API on http://127.0.0.1:" + adminPort + "/");
    } finally {
      if (stop.get() != null) {
        stop.get().run();
      }
      upstream.stop(0);
    }
  }
}
