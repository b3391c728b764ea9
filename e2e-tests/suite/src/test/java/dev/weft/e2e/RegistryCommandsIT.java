package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.testing.FreePorts;
import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code weft control-plane}, {@code register}, {@code deregister} and {@code services}, each its
 * own process started through {@code ./weft}, as users run them.
 */
class RegistryCommandsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration TTL = Duration.ofSeconds(2);
  private static final String ECHO = "dev.weft.EchoService:1.0";
  private static final String HELD = "dev.weft.HeldService:1.0";
  private static final String CRASHED = "dev.weft.CrashedService:1.0";

  private static Result weft(String... args) throws InterruptedException {
    try (ChildProcess weft = ProcessLauncher.weft("weft", args).start()) {
      int exitCode = weft.awaitExit(WAIT);
      return new Result(exitCode, weft.output());
    }
  }

  private static String[] against(String registry, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--registry");
    all.add(registry);
    return all.toArray(String[]::new);
  }

  /** A change line of {@code weft services --watch}: time, service, version, endpoints. */
  private static Pattern change(String service, String endpoints) {
    return Pattern.compile(
        "^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  "
            + Pattern.quote(service)
            + "  version \\d+  "
            + Pattern.quote(endpoints)
            + "$");
  }

  @Test
  void registerListWatchHoldAndDeregisterAgainstARunningControlPlane() throws Exception {
    String registry = "127.0.0.1:" + FreePorts.loopback();
    try (ChildProcess controlPlane =
            ProcessLauncher.weft(
                    "control-plane",
                    "control-plane",
                    "--store",
                    "memory",
                    "--registry-address",
                    registry,
                    "--xds-address",
                    "127.0.0.1:0",
                    "--admin-address",
                    "127.0.0.1:0",
                    "--session-ttl",
                    "2s")
                .readiness(
                    Probe.logLine(
                        Pattern.compile(
                            Pattern.quote("registry API on " + registry + " (store: memory)"))))
                .start();
        ChildProcess watch =
            ProcessLauncher.weft("watch", against(registry, "services", "--watch"))
                .readiness(Probe.logLine(Pattern.compile("^no services registered$")))
                .start()) {
      Result registered =
          weft(against(registry, "register", "--service", ECHO, "--address", "10.0.0.5:12200"));
      assertThat(registered.exitCode).isZero();
      assertThat(registered.output)
          .containsExactly("registered " + ECHO + " -> 10.0.0.5:12200 (bolt, persistent)");
      watch.awaitLine(change(ECHO, "10.0.0.5:12200/bolt"), WAIT);
      String json =
          String.join("\n", weft(against(registry, "services", "--output", "json")).output);
      assertThat(json)
          .startsWith("[")
          .contains(
              "\"dataId\": \"" + ECHO + "\"",
              "\"address\": \"10.0.0.5\"",
              "\"port\": 12200",
              "\"protocol\": \"bolt\"");

      holdThenSigtermRemovesTheRegistrationAtOnce(registry, watch);
      holdThenKillRemovesTheRegistrationAfterTheTtl(registry, watch);

      Result deregistered =
          weft(against(registry, "deregister", "--service", ECHO, "--address", "10.0.0.5:12200"));
      assertThat(deregistered.exitCode).isZero();
      assertThat(deregistered.output)
          .containsExactly("deregistered " + ECHO + " -> 10.0.0.5:12200");
      watch.awaitLine(change(ECHO, "no endpoints"), WAIT);
      assertThat(weft(against(registry, "services")).output)
          .containsExactly("no services registered");
      Result again =
          weft(against(registry, "deregister", "--service", ECHO, "--address", "10.0.0.5:12200"));
      assertThat(again.exitCode).isZero();
      assertThat(again.output)
          .containsExactly("nothing registered for " + ECHO + " at 10.0.0.5:12200");
      assertThat(watch.isAlive()).isTrue();
    }
  }

  private void holdThenSigtermRemovesTheRegistrationAtOnce(String registry, ChildProcess watch)
      throws Exception {
    ChildProcess held =
        ProcessLauncher.weft(
                "hold",
                against(
                    registry,
                    "register",
                    "--hold",
                    "--service",
                    HELD,
                    "--address",
                    "10.0.0.7:12200"))
            .readiness(Probe.logLine(Pattern.compile("^registered ")))
            .start();
    assertThat(held.output())
        .contains(
            "registered "
                + HELD
                + " -> 10.0.0.7:12200 (bolt, held: removed when this command stops)");
    watch.awaitLine(change(HELD, "10.0.0.7:12200/bolt"), WAIT);
    assertThat(String.join("\n", weft(against(registry, "services", "--service", HELD)).output))
        .contains("10.0.0.7:12200");

    held.stop(); // SIGTERM: the session ends cleanly before the process exits
    long stopped = System.nanoTime();
    assertThat(held.output()).contains("deregistered " + HELD + " -> 10.0.0.7:12200");
    watch.awaitLine(change(HELD, "no endpoints"), TTL.dividedBy(2));
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(TTL);
  }

  private void holdThenKillRemovesTheRegistrationAfterTheTtl(String registry, ChildProcess watch)
      throws Exception {
    ChildProcess crashing =
        ProcessLauncher.weft(
                "crashing",
                against(
                    registry,
                    "register",
                    "--hold",
                    "--service",
                    CRASHED,
                    "--address",
                    "10.0.0.8:12200"))
            .readiness(Probe.logLine(Pattern.compile("^registered ")))
            .start();
    watch.awaitLine(change(CRASHED, "10.0.0.8:12200/bolt"), WAIT);

    crashing.kill(); // SIGKILL: no clean end, the registration waits out the session TTL
    long killed = System.nanoTime();
    Pattern gone = change(CRASHED, "no endpoints");
    await("the crashed registration stays for most of the TTL")
        .during(TTL.dividedBy(2))
        .atMost(TTL)
        .until(() -> !watch.hasPrinted(gone));
    watch.awaitLine(gone, WAIT);
    assertThat(Duration.ofNanos(System.nanoTime() - killed))
        .isGreaterThanOrEqualTo(TTL.dividedBy(2));
  }

  @Test
  void anUnreachableRegistryExits3NamingTheAddress() throws Exception {
    String nobody = "127.0.0.1:" + FreePorts.loopback();

    Result result = weft(against(nobody, "services"));

    assertThat(result.exitCode).isEqualTo(3);
    assertThat(result.output)
        .containsExactly("weft: cannot reach the registry at " + nobody + ": Connection refused");
  }

  private static final class Result {
    final int exitCode;
    final List<String> output;

    Result(int exitCode, List<String> output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }
}
