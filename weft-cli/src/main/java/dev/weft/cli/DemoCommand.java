package dev.weft.cli;

import dev.weft.cli.demo.Demo;
import dev.weft.cli.demo.DemoSettings;
import dev.weft.cli.demo.DemoWiring;
import dev.weft.cli.demo.Install;
import dev.weft.cli.demo.StoreChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft demo}: the whole mesh on this machine, with traffic, a change, and a summary. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole mesh on this machine, without Docker: a control plane (on etcd when an etcd"
          + " binary is found, else in memory), a consumer pod and a provider pod, each a sidecar"
          + " with a Bolt (SOFA RPC), Dubbo, HTTP and gRPC app, and traffic on all four. Then a"
          + " second provider pod joins and traffic spreads, and the first one leaves gracefully.",
      "On a terminal it shows a live table (requests per second, errors, which provider"
          + " answered); --headless prints the events and a summary. Logs go to a run directory"
          + " it prints. It exits 0 when every protocol was answered and no call failed, 1"
          + " otherwise; Ctrl-C or the end of --duration stops every process it started."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--duration",
      paramLabel = "<duration>",
      description =
          "How long the traffic runs once the mesh is up, e.g. 30s or 2m (at least 20s: the"
              + " scenario needs it). Default: until Ctrl-C.")
  String duration;

  @Option(
      names = "--headless",
      description =
          "Print events and a summary instead of the live table (also what happens when stdout is"
              + " not a terminal).")
  boolean headless;

  @Option(
      names = "--rate",
      paramLabel = "<calls/s>",
      defaultValue = "20",
      description = "Calls per second each consumer makes (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--store",
      paramLabel = "<store>",
      defaultValue = "auto",
      description =
          "The registry's store: auto (etcd when an etcd binary is found, else memory), etcd or"
              + " memory (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(
      names = "--run-dir",
      paramLabel = "<dir>",
      description = "Where the logs go, a new or empty directory (default: a new temporary one).")
  Path runDir;

  @Spec CommandSpec spec;

  /** Registers what Ctrl-C runs; a JVM shutdown hook unless a test swaps it. */
  Consumer<Runnable> onShutdown = ShutdownHooks.jvm("weft-demo-shutdown");

  /** Whether stdout is a terminal, where the live table goes. */
  BooleanSupplier terminal = () -> System.console() != null;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws InterruptedException {
    DemoSettings settings = settings();
    StoreChoice storeChoice = StoreChoice.resolve(store, env);
    Install install =
        Install.locate(Optional.ofNullable(System.getProperty(Install.HOME_PROPERTY)));
    Demo demo = DemoWiring.wire(settings, install, storeChoice, spec.commandLine().getOut());
    onShutdown.accept(
        () -> {
          demo.interrupt();
          try {
            demo.awaitStopped(Duration.ofMinutes(2));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return demo.run();
  }

  /** The options, checked; a bad one is exit code 2 naming it. */
  DemoSettings settings() {
    Optional<Duration> traffic = Optional.empty();
    if (duration != null) {
      Duration parsed = Durations.parse("--duration", duration, Duration.ofMillis(1));
      if (parsed.compareTo(DemoSettings.MIN_DURATION) < 0) {
        throw CliException.usage(
            "--duration: expected at least "
                + Durations.format(DemoSettings.MIN_DURATION)
                + ", since the scenario (a second provider pod joins, then the first one leaves)"
                + " needs about that once the mesh is up; got '"
                + duration
                + "'");
      }
      traffic = Optional.of(parsed);
    }
    if (rate < 1 || rate > 500) {
      throw CliException.usage("--rate: expected calls per second from 1 to 500, got " + rate);
    }
    return new DemoSettings(
        traffic,
        !headless && terminal.getAsBoolean(),
        rate,
        DemoSettings.HOLD,
        Optional.ofNullable(runDir));
  }
}
