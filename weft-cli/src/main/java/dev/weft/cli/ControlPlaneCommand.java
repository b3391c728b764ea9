package dev.weft.cli;

import dev.weft.registry.store.RegistryStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft control-plane}: serves the registry API until SIGTERM or SIGINT. */
@Command(
    name = "control-plane",
    mixinStandardHelpOptions = true,
    description = {
      "Run the control plane: the registry (publish/subscribe, SOFARegistry-style) and its API.",
      "Durations take the forms 500ms, 10s and 1m."
    })
final class ControlPlaneCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneCommand.class);

  @Mixin RegistryServerOptions registry;

  /** How long the store may take to deliver its content before the command gives up. */
  Duration readyTimeout = Duration.ofSeconds(10);

  /** Opens the store {@code --store} names; tests swap it. */
  Function<RegistrySettings, RegistryStore> stores = RegistryStores::open;

  /** Registers what stops the control plane; a JVM shutdown hook unless a test swaps it. */
  Consumer<Runnable> onShutdown = ShutdownHooks.jvm("weft-control-plane-shutdown");

  @Override
  public Integer call() throws InterruptedException {
    RegistryApi api = RegistryApi.start(registry.settings(), stores, readyTimeout);
    CountDownLatch stopped = new CountDownLatch(1);
    onShutdown.accept(
        () -> {
          LOG.info("stopping the control plane");
          api.close();
          stopped.countDown();
        });
    stopped.await();
    return ExitCodes.OK;
  }
}
