package dev.weft.cli;

import static dev.weft.cli.CommandRunner.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.cli.CommandRunner.Result;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.StoreListener;
import dev.weft.registry.store.StoreSession;
import dev.weft.registry.store.StoreWatch;
import dev.weft.testing.FreePorts;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/** {@code weft control-plane}, run in-process. */
class ControlPlaneCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NL = System.lineSeparator();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger cliLogger = (Logger) LoggerFactory.getLogger("dev.weft.cli");

  @BeforeEach
  void captureLogs() {
    logs.start();
    cliLogger.addAppender(logs);
  }

  @AfterEach
  void release() {
    Runnable pending = stop.getAndSet(null);
    if (pending != null) {
      pending.run();
    }
    cliLogger.detachAppender(logs);
    executor.shutdownNow();
  }

  private CommandLine commandLine() {
    CommandLine commandLine = CommandRunner.commandLine(out, err);
    ControlPlaneCommand command = CommandRunner.subcommand(commandLine, "control-plane");
    command.onShutdown = stop::set;
    return commandLine;
  }

  private List<String> messages() {
    return logs.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  @Test
  void servesTheRegistryApiUntilStopped() throws Exception {
    int port = FreePorts.loopback();
    String address = "127.0.0.1:" + port;
    CommandLine commandLine = commandLine();
    Future<Integer> exit =
        executor.submit(
            () ->
                commandLine.execute(
                    "control-plane",
                    "--registry-address",
                    address,
                    "--push-quiet",
                    "10ms",
                    "--xds-address",
                    "127.0.0.1:0",
                    "--admin-address",
                    "127.0.0.1:0"));
    await().atMost(WAIT).until(() -> stop.get() != null || exit.isDone());
    assertThat(err.toString()).isEmpty();
    assertThat(messages())
        .contains(
            "INFO registry API on " + address + " (store: memory)",
            "INFO store: memory; registrations live only in this process and go when it stops"
                + " (--store etcd shares them between control planes)");

    Result registered =
        run(
            "register",
            "--service",
            "dev.weft.EchoService:1.0",
            "--address",
            "10.0.0.5:12200",
            "--registry",
            address);
    assertThat(registered.exitCode()).isZero();
    await()
        .atMost(WAIT)
        .until(() -> run("services", "--registry", address).out().contains("10.0.0.5:12200"));
    assertThat(exit.isDone()).isFalse();

    stop.getAndSet(null).run();
    assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
    assertThat(messages()).contains("INFO stopping the control plane");
    assertThat(run("services", "--registry", address).exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
  }

  @Test
  void aTakenPortExits2NamingTheOptionAndTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String address = "127.0.0.1:" + taken.getLocalPort();

      assertThat(commandLine().execute("control-plane", "--registry-address", address))
          .isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString())
          .startsWith("weft: --registry-address: cannot listen on " + address + ": ")
          .contains("in use")
          .doesNotContain("\tat ");
      assertThat(stop.get()).isNull();
    }
  }

  @Test
  void aTakenXdsPortExits2NamingTheOptionAndTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String address = "127.0.0.1:" + taken.getLocalPort();

      assertThat(
              commandLine()
                  .execute(
                      "control-plane",
                      "--registry-address",
                      "127.0.0.1:0",
                      "--xds-address",
                      address,
                      "--admin-address",
                      "127.0.0.1:0"))
          .isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString())
          .startsWith("weft: --xds-address/--admin-address: cannot listen on " + address)
          .doesNotContain("\tat ");
      assertThat(stop.get()).isNull();
    }
  }

  @Test
  void badOptionsExit2SayingWhatWasExpected() {
    assertUsage(
        "--session-ttl: expected a duration like 500ms, 10s or 1m, got '10'",
        "--session-ttl",
        "10");
    assertUsage(
        "--session-ttl: expected a duration of at least 1ms, got '0s'", "--session-ttl", "0s");
    assertUsage(
        "--push-quiet: expected a duration like 500ms, 10s or 1m, got 'soon'",
        "--push-quiet",
        "soon");
    assertUsage(
        "--registry-address: expected host:port with a port from 0 to 65535, got '9600'",
        "--registry-address",
        "9600");
    assertUsage("--store: expected memory or etcd, got 'zookeeper'", "--store", "zookeeper");
    assertUsage(
        "--xds-address: expected host:port with a port from 0 to 65535, got 'localhost'",
        "--xds-address",
        "localhost");
    assertUsage(
        "--etcd-endpoints: only with --store etcd", "--etcd-endpoints", "http://127.0.0.1:2379");
    assertUsage(
        "--etcd-endpoints: etcd endpoint '127.0.0.1:2379' has no http:// or https:// scheme:"
            + " expected a URL like http://127.0.0.1:2379",
        "--store",
        "etcd",
        "--etcd-endpoints",
        "127.0.0.1:2379");
  }

  @Test
  void aStoreThatIsNotReadyInTimeExits3NamingIt() {
    NeverReadyStore store = new NeverReadyStore();
    CommandLine commandLine = commandLine();
    ControlPlaneCommand command = CommandRunner.subcommand(commandLine, "control-plane");
    command.stores = settings -> store;
    command.readyTimeout = Duration.ofMillis(100);

    int exit =
        commandLine.execute(
            "control-plane",
            "--store",
            "etcd",
            "--etcd-endpoints",
            "http://127.0.0.1:2379,http://127.0.0.2:2379",
            "--registry-address",
            "127.0.0.1:0");

    assertThat(exit).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString())
        .isEqualTo(
            "weft: cannot reach etcd at http://127.0.0.1:2379,http://127.0.0.2:2379: the"
                + " registry's view was not ready within 100ms"
                + NL);
    assertThat(store.closed).isTrue();
    assertThat(stop.get()).isNull();
  }

  @Test
  void helpListsTheRegistryCommands() {
    Result help = run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("control-plane", "register", "deregister", "services");
    Result controlPlane = run("control-plane", "--help");
    assertThat(controlPlane.out())
        .contains("--store=<store>", "--registry-address=<host:port>", "--session-ttl=<duration>");
  }

  private void assertUsage(String message, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "control-plane";
    System.arraycopy(options, 0, args, 1, options.length);

    Result result = run(args);

    assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo("weft: " + message + NL);
  }

  /** A store whose content never arrives, as etcd that does not answer. */
  private static final class NeverReadyStore implements RegistryStore {
    volatile boolean closed;

    @Override
    public String describe() {
      return "etcd http://127.0.0.1:2379";
    }

    @Override
    public Duration sessionTtl() {
      return Duration.ofSeconds(10);
    }

    @Override
    public CompletableFuture<StoreSession> openSession(String clientName) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Boolean> putPersistent(Publication publication) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Boolean> deletePersistent(ServiceId service, String registId) {
      return new CompletableFuture<>();
    }

    @Override
    public StoreWatch watch(StoreListener listener) {
      return () -> {};
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
