package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import dev.weft.registry.server.RegistryNode;
import dev.weft.registry.server.RegistryServer;
import dev.weft.registry.store.RegistryStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry part of a running control plane: its node (store, view, push fanout) and the gRPC
 * registry API serving it. The control plane's other parts read the node.
 */
final class RegistryApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryApi.class);

  private final RegistryNode node;
  private final RegistryServer server;
  private final HostPort address;

  private RegistryApi(RegistryNode node, RegistryServer server, HostPort address) {
    this.node = node;
    this.server = server;
    this.address = address;
  }

  /**
   * Opens the store, waits up to {@code readyTimeout} for the view to hold its content, then serves
   * the registry API.
   *
   * @throws CliException exit code 3 when the store is not ready in time, 2 when the address cannot
   *     be bound
   */
  static RegistryApi start(
      RegistrySettings settings,
      Function<RegistrySettings, RegistryStore> stores,
      Duration readyTimeout) {
    InetSocketAddress bind = settings.registryAddress().toResolved();
    if (bind.isUnresolved()) {
      throw CliException.usage(
          "--registry-address: cannot resolve '" + settings.registryAddress().host() + "'");
    }
    RegistryStore store = stores.apply(settings);
    RegistryNode node =
        new RegistryNode(store, settings.pushQuiet(), RegistryNode.DEFAULT_MAX_DELAY);
    try {
      awaitReady(node, settings, readyTimeout);
      RegistryServer server = RegistryServer.start(node, bind);
      HostPort bound = new HostPort(settings.registryAddress().host(), server.port());
      LOG.info("registry API on {} (store: {})", bound, store.describe());
      return new RegistryApi(node, server, bound);
    } catch (IOException e) {
      node.close();
      throw CliException.usage(
          "--registry-address: cannot listen on "
              + settings.registryAddress()
              + ": "
              + Reasons.of(e.getCause(), e.getMessage()),
          e);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private static void awaitReady(RegistryNode node, RegistrySettings settings, Duration timeout) {
    try {
      node.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw CliException.unreachable(
          settings.storeName(),
          settings.storeAddress(),
          "the registry's view was not ready within " + Durations.format(timeout),
          e);
    } catch (ExecutionException e) {
      throw CliException.unreachable(
          settings.storeName(), settings.storeAddress(), String.valueOf(e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.unreachable(
          settings.storeName(), settings.storeAddress(), "interrupted", e);
    }
  }

  RegistryNode node() {
    return node;
  }

  /** The address the registry API listens on (with the real port when 0 was asked for). */
  HostPort address() {
    return address;
  }

  @Override
  public void close() {
    server.close();
    node.close();
  }
}
