package dev.weft.cli;

import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft services}: the registry's services and endpoints, and with --watch its changes. */
@Command(
    name = "services",
    mixinStandardHelpOptions = true,
    description = {
      "List registered services and their endpoints.",
      "With --watch, then print each change as it arrives, until Ctrl-C."
    })
final class ServicesCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      paramLabel = "<dataId>",
      description = "Only this service (in every group and instance).")
  String dataId;

  @Option(names = "--watch", description = "After the list, print each change as it arrives.")
  boolean watch;

  @Option(
      names = "--output",
      paramLabel = "<format>",
      defaultValue = "table",
      description =
          "table (one row per endpoint) or json (an array of services; with --watch one object"
              + " per line). Default: ${DEFAULT-VALUE}.")
  String output;

  @Mixin RegistryClientOptions registry;

  @Spec CommandSpec spec;

  /** Registers what ends a {@code --watch}; a JVM shutdown hook unless a test swaps it. */
  Consumer<Runnable> onShutdown = ShutdownHooks.jvm("weft-services-shutdown");

  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() throws InterruptedException {
    if (dataId != null && dataId.isBlank()) {
      throw CliException.usage("--service: expected a dataId, got '" + dataId + "'");
    }
    String prefix = dataId == null ? "" : dataId;
    Predicate<ServiceId> filter = s -> dataId == null || s.dataId().equals(dataId);
    ServicePrinter printer = printer(spec.commandLine().getOut());
    try (RegistryClient client = registry.connect()) {
      List<ServiceSnapshot> services =
          client.list(prefix).stream().filter(s -> filter.test(s.service())).toList();
      printer.list(services);
      if (!watch) {
        return ExitCodes.OK;
      }
      return new ServiceWatch(client, printer, filter).run(prefix, services, onShutdown);
    }
  }

  private ServicePrinter printer(PrintWriter out) {
    if ("json".equalsIgnoreCase(output)) {
      return new ServiceJson(out, watch);
    }
    if (!"table".equalsIgnoreCase(output)) {
      throw CliException.usage("--output: expected table or json, got '" + output + "'");
    }
    return new ServiceTable(
        out, clock, dataId == null ? "no services registered" : "nothing registered for " + dataId);
  }
}
