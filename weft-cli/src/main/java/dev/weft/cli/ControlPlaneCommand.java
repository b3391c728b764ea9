package dev.weft.cli;

import dev.weft.controlplane.ControlPlaneSettings;
import dev.weft.controlplane.XdsPlane;
import dev.weft.controlplane.xds.XdsServer;
import dev.weft.registry.store.RegistryStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft control-plane}: serves the registry API until SIGTERM or SIGINT. */
@Command(
    name = "control-plane",
    mixinStandardHelpOptions = true,
    description = {
      "Run the control plane: the registry (publish/subscribe, SOFARegistry-style) and its API,",
      "the registry translated into Envoy v3 resources served over ADS (xDS), and an admin API.",
      "Durations take the forms 500ms, 10s and 1m."
    })
final class ControlPlaneCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneCommand.class);

  @Mixin RegistryServerOptions registry;

  @Option(
      names = "--xds-address",
      paramLabel = "<host:port>",
      defaultValue = "127.0.0.1:15010",
      description =
          "Where ADS (state-of-the-world and delta xDS v3) listens (default: ${DEFAULT-VALUE}).")
  String xdsAddress;

  @Option(
      names = "--admin-address",
      paramLabel = "<host:port>",
      defaultValue = "127.0.0.1:15014",
      description =
          "Where the admin API listens: /debug/nodes, /debug/config?node=<id>, /metrics, /ready"
              + " (default: ${DEFAULT-VALUE}).")
  String adminAddress;

  /** How long the store may take to deliver its content before the command gives up. */
  Duration readyTimeout = Duration.ofSeconds(10);

  /** Opens the store {@code --store} names; tests swap it. */
  Function<RegistrySettings, RegistryStore> stores = RegistryStores::open;

  /** Registers what stops the control plane; a JVM shutdown hook unless a test swaps it. */
  Consumer<Runnable> onShutdown = ShutdownHooks.jvm("weft-control-plane-shutdown");

  @Override
  public Integer call() throws InterruptedException {
    RegistrySettings settings = registry.settings();
    InetSocketAddress xds = bindable("--xds-address", xdsAddress);
    InetSocketAddress admin = bindable("--admin-address", adminAddress);
    RegistryApi api = RegistryApi.start(settings, stores, readyTimeout);
    XdsPlane plane;
    try {
      plane = startXds(api, xds, admin, settings);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    LOG.info(
        "xDS (ADS) on {}:{}, admin API on {}:{}",
        xds.getHostString(),
        plane.xdsPort(),
        admin.getHostString(),
        plane.adminPort());
    CountDownLatch stopped = new CountDownLatch(1);
    onShutdown.accept(
        () -> {
          LOG.info("stopping the control plane");
          plane.close();
          api.close();
          stopped.countDown();
        });
    stopped.await();
    return ExitCodes.OK;
  }

  private static XdsPlane startXds(
      RegistryApi api, InetSocketAddress xds, InetSocketAddress admin, RegistrySettings settings) {
    try {
      return XdsPlane.start(
          api.node(),
          xds,
          admin,
          settings.pushQuiet(),
          ControlPlaneSettings.DEFAULT_MAX_DELAY,
          XdsServer.DEFAULT_SESSION_GRACE);
    } catch (IOException e) {
      throw CliException.usage(
          "--xds-address/--admin-address: cannot listen on "
              + xds.getHostString()
              + ":"
              + xds.getPort()
              + " or "
              + admin.getHostString()
              + ":"
              + admin.getPort()
              + ": "
              + Reasons.of(e.getCause(), e.getMessage()),
          e);
    }
  }

  private static InetSocketAddress bindable(String option, String text) {
    InetSocketAddress address = Addresses.listen(option, text).toResolved();
    if (address.isUnresolved()) {
      throw CliException.usage(option + ": cannot resolve '" + address.getHostString() + "'");
    }
    return address;
  }
}
