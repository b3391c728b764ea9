package dev.weft.cli;

import static dev.weft.cli.CommandRunner.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** Two {@code weft control-plane --store etcd} replicas on one real etcd, run in-process. */
class ControlPlaneOnEtcdTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final EtcdExtension etcd = EtcdExtension.singleNode();

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<AtomicReference<Runnable>> stops = new ArrayList<>();

  @AfterEach
  void stopAll() {
    stops.forEach(
        stop -> {
          Runnable pending = stop.getAndSet(null);
          if (pending != null) {
            pending.run();
          }
        });
    executor.shutdownNow();
  }

  /** Starts a replica and returns its registry address once it serves. */
  private String replica(String... extra) {
    String address = "127.0.0.1:" + FreePorts.loopback();
    AtomicReference<Runnable> stop = new AtomicReference<>();
    stops.add(stop);
    CommandLine commandLine = CommandRunner.commandLine(new StringWriter(), new StringWriter());
    ControlPlaneCommand command = CommandRunner.subcommand(commandLine, "control-plane");
    command.onShutdown = stop::set;
    List<String> args =
        new ArrayList<>(
            List.of(
                "control-plane",
                "--store",
                "etcd",
                "--etcd-endpoints",
                etcd.endpoints(),
                "--registry-address",
                address,
                "--xds-address",
                "127.0.0.1:0",
                "--admin-address",
                "127.0.0.1:0"));
    args.addAll(List.of(extra));
    Future<Integer> exit = executor.submit(() -> commandLine.execute(args.toArray(String[]::new)));
    await().atMost(WAIT).until(() -> stop.get() != null || exit.isDone());
    assertThat(exit.isDone()).as("the replica on %s stopped", address).isFalse();
    return address;
  }

  @Test
  void aRegistrationOnOneReplicaIsListedByTheOtherAndItsDeregistrationToo() {
    String first = replica();
    String second = replica();
    CommandRunner.Result registered =
        run(
            "register",
            "--service",
            "dev.weft.EchoService:1.0",
            "--address",
            "10.0.0.5:12200",
            "--registry",
            first);
    assertThat(registered.exitCode()).isZero();
    await()
        .atMost(WAIT)
        .until(() -> run("services", "--registry", second).out().contains("10.0.0.5:12200"));

    assertThat(
            run(
                    "deregister",
                    "--service",
                    "dev.weft.EchoService:1.0",
                    "--address",
                    "10.0.0.5:12200",
                    "--registry",
                    second)
                .exitCode())
        .isZero();
    await()
        .atMost(WAIT)
        .until(() -> run("services", "--registry", first).out().contains("no services registered"));
  }

  @Test
  void persistentRegistrationsOutliveTheReplicasThatMadeThem() throws Exception {
    String first = replica();
    assertThat(
            run(
                    "register",
                    "--service",
                    "dev.weft.EchoService:1.0",
                    "--address",
                    "10.0.0.6:12200",
                    "--registry",
                    first)
                .exitCode())
        .isZero();
    stops.get(0).getAndSet(null).run();
    String second = replica();
    assertThat(run("services", "--registry", second).out()).contains("10.0.0.6:12200");
  }

  @Test
  void anUnreachableEtcdExits3NamingIt() throws Exception {
    String endpoints = etcd.endpoints();
    etcd.cluster().close();
    StringWriter err = new StringWriter();
    CommandLine commandLine = CommandRunner.commandLine(new StringWriter(), err);
    ControlPlaneCommand command = CommandRunner.subcommand(commandLine, "control-plane");
    command.readyTimeout = Duration.ofSeconds(2);
    int exit =
        executor
            .submit(
                () ->
                    commandLine.execute(
                        "control-plane",
                        "--store",
                        "etcd",
                        "--etcd-endpoints",
                        endpoints,
                        "--registry-address",
                        "127.0.0.1:0"))
            .get(30, TimeUnit.SECONDS);
    assertThat(exit).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString()).startsWith("weft: cannot reach etcd at " + endpoints);
  }
}
