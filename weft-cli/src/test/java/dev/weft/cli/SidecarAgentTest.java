package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code weft sidecar --xds ... --registry}: the sidecar's registry session and mesh agent. */
class SidecarAgentTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SidecarAgent.class);
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private InProcessRegistry registry;
  private Future<Integer> exit;

  @BeforeEach
  void start() throws Exception {
    logs.start();
    logger.addAppender(logs);
    registry = InProcessRegistry.start(Duration.ofSeconds(10));
  }

  @AfterEach
  void release() throws Exception {
    if (stop.get() != null) {
      stop.getAndSet(() -> {}).run();
      assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    }
    logger.detachAppender(logs);
    executor.shutdownNow();
    registry.close();
  }

  @Test
  void aLostRegistryIsLoggedOnceWhenItGoesAndOnceWhenItIsBack() throws Exception {
    int agentPort = FreePorts.loopback();
    CommandLine commandLine =
        Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    SidecarCommand command = commandLine.getSubcommands().get("sidecar").getCommand();
    command.onShutdown = stop::set;
    exit =
        executor.submit(
            () ->
                commandLine.execute(
                    "sidecar",
                    "--xds",
                    "127.0.0.1:" + FreePorts.loopback(), // nobody: the sidecar waits for it
                    "--node-id",
                    "shop-1",
                    "--registry",
                    registry.address(),
                    "--agent-address",
                    "127.0.0.1:" + agentPort,
                    "--publish-address",
                    "10.0.0.5",
                    "--admin-address",
                    "127.0.0.1:" + FreePorts.loopback(),
                    "--workers",
                    "1"));
    await().atMost(WAIT).until(() -> stop.get() != null || exit.isDone());
    assertThat(err.toString()).isEmpty();
    String open = "INFO registry session on " + registry.address() + " open";
    await().atMost(WAIT).until(() -> sessionMessages().contains(open));
    assertThat(agentServices(agentPort)).contains("\"nodeId\":\"shop-1\"");

    registry.close();
    String lost =
        "WARN lost the registry at "
            + registry.address()
            + "; retrying (the apps' publications stay for the session TTL)";
    await().atMost(WAIT).until(() -> sessionMessages().contains(lost));
    // The session retries (backing off from 200 ms to 5 s) without a line for each attempt.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(() -> sessionMessages().equals(List.of(open, lost)));

    registry.restart();
    String back =
        "INFO the registry at "
            + registry.address()
            + " is back; the apps' publications and subscriptions are in place again";
    await().atMost(WAIT).until(() -> sessionMessages().contains(back));
    assertThat(sessionMessages()).containsExactly(open, lost, back);
  }

  /** What the sidecar logged about its registry session, DEBUG left out. */
  private List<String> sessionMessages() {
    return logs.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(e -> e.getLevel() + " " + e.getFormattedMessage())
        .filter(m -> !m.contains("mesh registry agent"))
        .toList();
  }

  private static String agentServices(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
