package dev.weft.controlplane;

import dev.weft.controlplane.xds.XdsServer;
import dev.weft.registry.server.RegistryNode;
import dev.weft.registry.server.RegistryServer;
import java.io.IOException;

/**
 * One control-plane replica in one object, for tests and embedding: the registry (store, view,
 * sessions and its gRPC API) and the {@link XdsPlane} over it. {@code weft control-plane} composes
 * the same parts with its own error reporting. Closing closes the store last.
 */
public final class ControlPlane implements AutoCloseable {
  private final RegistryNode registry;
  private final RegistryServer registryServer;
  private final XdsPlane plane;

  private ControlPlane(ControlPlaneSettings settings) throws IOException {
    registry =
        new RegistryNode(
            settings.store(), RegistryNode.DEFAULT_QUIET, RegistryNode.DEFAULT_MAX_DELAY);
    RegistryServer startedRegistry = null;
    try {
      startedRegistry = RegistryServer.start(registry, settings.registryAddress());
      plane =
          XdsPlane.start(
              registry,
              settings.xdsAddress(),
              settings.adminAddress(),
              settings.quiet(),
              settings.maxDelay(),
              settings.sessionGrace());
    } catch (IOException | RuntimeException e) {
      if (startedRegistry != null) {
        startedRegistry.close();
      }
      registry.close();
      throw e;
    }
    registryServer = startedRegistry;
  }

  /** Starts every part; when an address cannot be bound nothing is left running. */
  public static ControlPlane start(ControlPlaneSettings settings) throws IOException {
    return new ControlPlane(settings);
  }

  public int xdsPort() {
    return plane.xdsPort();
  }

  public int registryPort() {
    return registryServer.port();
  }

  public int adminPort() {
    return plane.adminPort();
  }

  public RegistryNode registry() {
    return registry;
  }

  public XdsServer xds() {
    return plane.xds();
  }

  @Override
  public void close() {
    plane.close();
    registryServer.close();
    registry.close();
  }
}
