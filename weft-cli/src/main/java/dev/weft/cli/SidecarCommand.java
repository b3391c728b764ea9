package dev.weft.cli;

import dev.weft.dataplane.admin.AdminBindException;
import dev.weft.dataplane.admin.AdminServer;
import dev.weft.dataplane.config.AdminConfig;
import dev.weft.dataplane.config.ConfigResult;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.XdsNode;
import dev.weft.dataplane.config.mosn.LoadedConfig;
import dev.weft.dataplane.config.mosn.MosnConfigLoader;
import dev.weft.dataplane.network.ListenerBindException;
import dev.weft.dataplane.network.Transport;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.dataplane.xds.AdsClient;
import dev.weft.dataplane.xds.AdsSettings;
import dev.weft.dataplane.xds.translate.EnvoyTranslation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft sidecar}: serves a MOSN config ({@code -c config.json}), or the config a control
 * plane sends over ADS ({@code --xds}, or a config.json with {@code dynamic_resources}), until
 * SIGTERM or SIGINT.
 */
@Command(
    name = "sidecar",
    mixinStandardHelpOptions = true,
    description = {
      "Run the data plane on a MOSN config.json (file mode), or under a control plane over xDS"
          + " (--xds, or a config.json with node and dynamic_resources); with both, the file's"
          + " listeners, routers and clusters are static and the rest comes over xDS.",
      "A config mistake prints one line naming the file, the JSON path and what was expected,"
          + " and exits 2; keys that have no effect in Weft are logged as warnings. An"
          + " unreachable control plane is not an error: the sidecar waits, retrying, and"
          + " /ready answers 503 until the first full config is applied."
    })
final class SidecarCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarCommand.class);

  /** As long as the control plane waits for a node's registry session (its session grace). */
  private static final Duration STATIC_DEMAND_WAIT = Duration.ofSeconds(3);

  private static final SidecarConfig NOTHING_STATIC =
      new SidecarConfig(List.of(), List.of(), List.of(), Optional.empty());

  @Option(
      names = {"-c", "--config"},
      paramLabel = "<file>",
      description =
          "The MOSN config.json to serve; under xDS its static parts (may have no listeners).")
  String config;

  @Mixin XdsOptions xds = new XdsOptions();

  @Mixin AgentOptions agent = new AgentOptions();

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
    Optional<List<HostPort>> controlPlaneOption = xds.controlPlanes();
    if (config == null && controlPlaneOption.isEmpty()) {
      throw CliException.usage(
          "give -c <config.json> (file mode), or --xds <host:port> --node-id <id> (under a"
              + " control plane), or both");
    }
    Optional<List<HostPort>> registries = agent.registry();
    if (registries.isPresent() && controlPlaneOption.isEmpty() && config == null) {
      throw CliException.usage("--registry: only under a control plane: add --xds <host:port>");
    }
    agent
        .agentOptionWithoutRegistry()
        .ifPresent(
            option -> {
              throw CliException.usage(
                  option
                      + ": configures the sidecar's registry session and mesh agent: add --registry"
                      + " <host:port>");
            });
    agent.checkPublishAddress();
    if (controlPlaneOption.isPresent() && registries.isPresent()) {
      AgentOptions.checkPairs(controlPlaneOption.get(), "address i of --xds", registries.get());
    }
    List<AgentOptions.StaticService> publishes = agent.publishes();
    List<AgentOptions.StaticService> subscribes = agent.subscribes();
    Optional<HostPort> admin = adminOption();
    SidecarOptions options =
        new SidecarOptions(Transport.best(), loops).withLogLevels(LogbackLogLevels.ofThisProcess());
    Sidecar sidecar = Sidecar.create(admin.map(options::withAdminAddress).orElse(options));
    AdsClient ads = null;
    SidecarAgent registryAgent = null;
    try {
      LoadedConfig loaded = load(sidecar, controlPlaneOption.isEmpty());
      SidecarConfig served = loaded.config();
      if (admin.isEmpty() && served.admin().isEmpty()) {
        served = withAdmin(served, AdminServer.DEFAULT_ADDRESS);
      }
      Optional<List<HostPort>> controlPlane = controlPlaneOption.or(loaded.xds()::controlPlanes);
      if (controlPlane.isEmpty()) {
        if (registries.isPresent()) {
          throw CliException.usage("--registry: only under a control plane: add --xds <host:port>");
        }
        fileMode(loaded);
        sidecar.start(served);
      } else {
        XdsNode node = xds.node(loaded.xds().node());
        if (registries.isPresent()) {
          if (controlPlaneOption.isEmpty()) {
            AgentOptions.checkPairs(
                controlPlane.get(), "endpoint i of " + config + "'s ADS cluster", registries.get());
          }
          node = node.withMetadata(XdsNode.SESSION, true);
        }
        AtomicReference<SidecarAgent> session = new AtomicReference<>();
        ads =
            AdsClient.create(
                AdsSettings.of(controlPlane.get(), node),
                new EnvoyTranslation(sidecar.mosnVocabulary()),
                served,
                sidecar::update,
                () -> {
                  SidecarAgent opened = session.get();
                  if (opened != null) {
                    opened.reconnectNow();
                  }
                });
        sidecar.reportXds(ads::status);
        sidecar.start(served);
        if (registries.isPresent()) {
          registryAgent =
              SidecarAgent.start(
                  registries.get(),
                  agent.settings(node.id(), node.zone(), xds.egressPorts, xds.appPorts),
                  sidecar,
                  publishes,
                  subscribes);
          session.set(registryAgent);
          registryAgent.awaitStaticDemand(STATIC_DEMAND_WAIT);
        }
        ads.start();
      }
    } catch (ListenerBindException | AdminBindException e) {
      closeAll(registryAgent, ads, sidecar, Duration.ZERO);
      throw CliException.usage(e.getMessage(), e);
    } catch (IOException e) {
      closeAll(registryAgent, ads, sidecar, Duration.ZERO);
      throw CliException.usage("--agent-address: " + e.getMessage(), e);
    } catch (RuntimeException | InterruptedException e) {
      closeAll(registryAgent, ads, sidecar, Duration.ZERO);
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
    AdsClient client = ads;
    SidecarAgent runningAgent = registryAgent;
    onShutdown.accept(
        () -> {
          LOG.info("stopping the sidecar (draining for up to {} s)", drainSeconds);
          closeAll(runningAgent, client, sidecar, Duration.ofSeconds(drainSeconds));
          stopped.countDown();
        });
    stopped.await();
    return ExitCodes.OK;
  }

  /** The config file's content, or nothing static when there is no file (--xds alone). */
  private LoadedConfig load(Sidecar sidecar, boolean listenersRequired) {
    if (config == null) {
      return new LoadedConfig(NOTHING_STATIC, List.of());
    }
    ConfigResult<LoadedConfig> loaded =
        MosnConfigLoader.load(Path.of(config), sidecar.mosnVocabulary(), listenersRequired);
    if (!loaded.isOk()) {
      throw CliException.usage(loaded.error().toString());
    }
    loaded.value().warnings().forEach(warning -> LOG.warn("{}", warning));
    return loaded.value();
  }

  /** File mode: node options make no sense, and the file's node is ignored. */
  private void fileMode(LoadedConfig loaded) {
    if (xds.nodeGiven()) {
      throw CliException.usage(
          "--node-id, --cluster, --zone, --app, --egress-port, --app-port and --session describe"
              + " the sidecar to a control plane: add --xds <host:port>");
    }
    if (loaded.xds().node().isPresent()) {
      LOG.warn(
          "{}: node: ignored: it only matters under xDS (dynamic_resources, or --xds)", config);
    }
  }

  /**
   * The registry side first (the app's publications go, so no new caller picks this sidecar), then
   * the ADS client (nothing is applied after that), then the sidecar.
   */
  private static void closeAll(SidecarAgent agent, AdsClient ads, Sidecar sidecar, Duration drain) {
    if (agent != null) {
      agent.close();
    }
    if (ads != null) {
      ads.close();
    }
    sidecar.close(drain);
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
