package dev.weft.cli;

import static dev.weft.cli.CommandRunner.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.cli.CommandRunner.Result;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

/** {@code weft services --watch} and {@code weft register --hold}, run on a thread of their own. */
class LongRunningCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration TTL = Duration.ofSeconds(10);
  private static final String NL = System.lineSeparator();
  private static final String ECHO = "dev.weft.EchoService:1.0";

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger heldLogger = (Logger) LoggerFactory.getLogger(HeldRegistration.class);
  private InProcessRegistry registry;

  @BeforeEach
  void start() throws Exception {
    registry = InProcessRegistry.start(TTL);
    logs.start();
    heldLogger.addAppender(logs);
  }

  @AfterEach
  void release() {
    Runnable pending = stop.getAndSet(null);
    if (pending != null) {
      pending.run();
    }
    heldLogger.detachAppender(logs);
    executor.shutdownNow();
    registry.close();
  }

  /** Starts {@code weft args --registry <registry>}; its shutdown hook lands in {@link #stop}. */
  private Future<Integer> startCommand(String name, String... args) {
    CommandLine commandLine = CommandRunner.commandLine(out, err);
    Object command = CommandRunner.subcommand(commandLine, name);
    if (command instanceof ServicesCommand services) {
      services.onShutdown = stop::set;
      services.clock = Clock.fixed(Instant.parse("2024-05-01T12:00:00.123Z"), ZoneOffset.UTC);
    } else {
      ((RegisterCommand) command).onShutdown = stop::set;
    }
    String[] all = new String[args.length + 3];
    all[0] = name;
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--registry";
    all[args.length + 2] = registry.address();
    Future<Integer> exit = executor.submit(() -> commandLine.execute(all));
    await().atMost(WAIT).until(() -> stop.get() != null || exit.isDone());
    return exit;
  }

  private int stopCommand(Future<Integer> exit) throws Exception {
    stop.getAndSet(null).run();
    return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private Result weft(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--registry";
    all[args.length + 1] = registry.address();
    return run(all);
  }

  private List<String> outLines() {
    return out.toString().lines().toList();
  }

  @Test
  void watchPrintsTheListThenEachChangeUntilStopped() throws Exception {
    Future<Integer> watch = startCommand("services", "--watch");
    assertThat(out.toString()).isEqualTo("no services registered" + NL);

    weft("register", "--service", ECHO, "--address", "10.0.0.5:12200");
    await().atMost(WAIT).until(() -> outLines().size() == 2);
    assertThat(outLines().get(1))
        .matches(
            "12:00:00\\.123  "
                + ECHO.replace(".", "\\.")
                + "  version \\d+  10\\.0\\.0\\.5:12200/bolt");
    weft("register", "--service", ECHO, "--address", "10.0.0.6:12200", "--protocol", "dubbo");
    await().atMost(WAIT).until(() -> outLines().size() == 3);
    assertThat(outLines().get(2)).endsWith("  10.0.0.5:12200/bolt 10.0.0.6:12200/dubbo");
    weft("deregister", "--service", ECHO, "--address", "10.0.0.5:12200");
    weft("deregister", "--service", ECHO, "--address", "10.0.0.6:12200");
    await()
        .atMost(WAIT)
        .until(() -> outLines().get(outLines().size() - 1).endsWith("no endpoints"));
    assertThat(versions()).isSorted().doesNotHaveDuplicates();

    assertThat(stopCommand(watch)).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).isEmpty();
  }

  private List<Long> versions() {
    return outLines().stream()
        .skip(1)
        .map(line -> Long.parseLong(line.split("  ")[2].substring("version ".length())))
        .toList();
  }

  @Test
  void watchInJsonPrintsOneObjectPerLineStartingWithTheCurrentServices() throws Exception {
    weft("register", "--service", "dev.weft.Before:1.0", "--address", "10.0.0.1:1");
    await().atMost(WAIT).until(() -> weft("services").out().contains("10.0.0.1:1"));
    Future<Integer> watch =
        startCommand("services", "--watch", "--output", "json", "--service", ECHO);
    weft("register", "--service", "dev.weft.Before:1.0", "--address", "10.0.0.2:2");
    weft("register", "--service", ECHO, "--address", "10.0.0.5:12200");
    await().atMost(WAIT).until(() -> outLines().size() == 1);
    weft("register", "--service", "dev.weft.Before:1.0", "--address", "10.0.0.3:3");
    weft("deregister", "--service", ECHO, "--address", "10.0.0.5:12200");
    await().atMost(WAIT).until(() -> outLines().size() == 2);

    assertThat(outLines().get(0))
        .startsWith("{\"dataId\":\"" + ECHO + "\",\"group\":\"DEFAULT_GROUP\"")
        .contains("\"endpoints\":[{\"address\":\"10.0.0.5\",\"port\":12200,\"protocol\":\"bolt\"");
    assertThat(outLines().get(1)).contains("\"endpoints\":[]");
    assertThat(stopCommand(watch)).isEqualTo(ExitCodes.OK);

    out.getBuffer().setLength(0);
    watch = startCommand("services", "--watch", "--output", "json");
    await().atMost(WAIT).until(() -> outLines().size() == 1);
    assertThat(outLines().get(0)).contains("dev.weft.Before:1.0", "10.0.0.3");
    assertThat(stopCommand(watch)).isEqualTo(ExitCodes.OK);
  }

  @Test
  void watchExits3WhenTheRegistryGoesAway() throws Exception {
    Future<Integer> watch = startCommand("services", "--watch");
    await().atMost(WAIT).until(() -> !out.toString().isEmpty());

    registry.close();

    assertThat(watch.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString())
        .startsWith(
            "weft: cannot reach the registry at " + registry.address() + ": the watch broke (")
        .doesNotContain("\tat ");
  }

  @Test
  void holdRegistersUntilStoppedAndThenTheRegistrationGoesAtOnce() throws Exception {
    Future<Integer> hold =
        startCommand("register", "--service", ECHO, "--address", "10.0.0.5:12200", "--hold");
    assertThat(out.toString())
        .isEqualTo(
            "registered "
                + ECHO
                + " -> 10.0.0.5:12200 (bolt, held: removed when this command stops)"
                + NL);
    await().atMost(WAIT).until(() -> weft("services").out().contains("10.0.0.5:12200"));

    long stopping = System.nanoTime();
    assertThat(stopCommand(hold)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).endsWith("deregistered " + ECHO + " -> 10.0.0.5:12200" + NL);
    await()
        .atMost(TTL.dividedBy(2))
        .until(() -> weft("services").out().equals("no services registered" + NL));
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(TTL);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void holdRetriesWhileTheRegistryIsAwayAndRegistersAgainWhenItIsBack() throws Exception {
    Future<Integer> hold =
        startCommand("register", "--service", ECHO, "--address", "10.0.0.5:12200", "--hold");
    await().atMost(WAIT).until(() -> weft("services").out().contains("10.0.0.5:12200"));

    registry.close();
    await()
        .atMost(WAIT)
        .until(() -> messages().stream().anyMatch(m -> m.startsWith("WARN lost the registry at")));
    registry.restart(); // empty: only the held session can bring the registration back
    await().atMost(WAIT).until(() -> weft("services").out().contains("10.0.0.5:12200"));

    assertThat(messages())
        .contains(
            "WARN lost the registry at "
                + registry.address()
                + "; retrying (it keeps "
                + ECHO
                + " -> 10.0.0.5:12200 for its session TTL)",
            "INFO the registry at "
                + registry.address()
                + " is back; registering "
                + ECHO
                + " -> 10.0.0.5:12200 again");
    assertThat(hold.isDone()).isFalse();
    assertThat(stopCommand(hold)).isEqualTo(ExitCodes.OK);
  }

  private List<String> messages() {
    return logs.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }
}
