package dev.weft.cli;

import dev.weft.dataplane.admin.AdminBindException;
import dev.weft.dataplane.admin.AdminServer;
import dev.weft.dataplane.config.AdminConfig;
import dev.weft.dataplane.config.ConfigResult;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.mosn.LoadedConfig;
import dev.weft.dataplane.config.mosn.MosnConfigLoader;
import dev.weft.dataplane.network.ListenerBindException;
import dev.weft.dataplane.network.Transport;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft sidecar -c config.json}: serves a MOSN config until SIGTERM or SIGINT. */
@Command(
    name = "sidecar",
    mixinStandardHelpOptions = true,
    description = {
      "Run the data plane on a MOSN config.json (file mode).",
      "A config mistake prints one line naming the file, the JSON path and what was expected,"
          + " and exits 2; keys that have no effect in Weft are logged as warnings."
    })
final class SidecarCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarCommand.class);

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "<file>",
      description = "The MOSN config.json to serve.")
  String config;

  @Option(
      names = "--admin-address",
      paramLabel = "<host:port>",
      description =
          "The admin API (config_dump, stats, /ready). Default: the config's admin block, else"
              + " 127.0.0.1:34901.")
  String adminAddress;

  @Option(
      names = "--drain-timeout",
      paramLabel = "<seconds>",
      defaultValue = "5",
      description =
          "On SIGTERM, stop accepting and let requests in flight finish for up to this long"
              + " (default: ${DEFAULT-VALUE}).")
  int drainSeconds;

  @Option(
      names = "--workers",
      paramLabel = "<n>",
      description = "Event loops for connections (default: one per core).")
  Integer workers;

  /**
   * Registers what stops the sidecar; a JVM shutdown hook (SIGTERM, SIGINT) unless a test swaps it.
   */
  Consumer<Runnable> onShutdown =
      stop -> Runtime.getRuntime().addShutdownHook(new Thread(stop, "weft-sidecar-shutdown"));

  @Override
  public Integer call() throws InterruptedException {
    if (drainSeconds < 0) {
      throw CliException.usage("--drain-timeout: expected 0 or more seconds, got " + drainSeconds);
    }
    int loops = workers == null ? Transport.defaultEventLoops() : workers;
    if (loops < 1) {
      throw CliException.usage("--workers: expected a number of at least 1, got " + loops);
    }
    Optional<HostPort> admin = adminOption();
    SidecarOptions options =
        new SidecarOptions(Transport.best(), loops).withLogLevels(LogbackLogLevels.ofThisProcess());
    Sidecar sidecar = Sidecar.create(admin.map(options::withAdminAddress).orElse(options));
    try {
      ConfigResult<LoadedConfig> loaded =
          MosnConfigLoader.load(Path.of(config), sidecar.mosnVocabulary());
      if (!loaded.isOk()) {
        throw CliException.usage(loaded.error().toString());
      }
      loaded.value().warnings().forEach(warning -> LOG.warn("{}", warning));
      SidecarConfig served = loaded.value().config();
      if (admin.isEmpty() && served.admin().isEmpty()) {
        served = withAdmin(served, AdminServer.DEFAULT_ADDRESS);
      }
      sidecar.start(served);
    } catch (ListenerBindException | AdminBindException e) {
      sidecar.close();
      throw CliException.usage(e.getMessage(), e);
    } catch (RuntimeException e) {
      sidecar.close();
      throw e;
    }
    sidecar
        .adminAddress()
        .ifPresent(
            bound ->
                LOG.info("admin API on http://{}:{}/", bound.getHostString(), bound.getPort()));
    for (ListenerConfig listener : sidecar.config().listeners()) {
      InetSocketAddress bound = sidecar.listenerAddress(listener.name());
      LOG.info(
          "listener '{}' listening on {}",
          listener.name(),
          new HostPort(bound.getAddress().getHostAddress(), bound.getPort()));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    onShutdown.accept(
        () -> {
          LOG.info("stopping the sidecar (draining for up to {} s)", drainSeconds);
          sidecar.close(Duration.ofSeconds(drainSeconds));
          stopped.countDown();
        });
    stopped.await();
    return ExitCodes.OK;
  }

  private Optional<HostPort> adminOption() {
    if (adminAddress == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(HostPort.parse(adminAddress));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--admin-address: " + e.getMessage());
    }
  }

  private static SidecarConfig withAdmin(SidecarConfig config, HostPort address) {
    return new SidecarConfig(
        config.listeners(),
        config.routers(),
        config.clusters(),
        Optional.of(new AdminConfig(address)));
  }
}
