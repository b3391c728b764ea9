package dev.weft.controlplane;

import dev.weft.controlplane.admin.AdminServer;
import dev.weft.controlplane.admin.Metrics;
import dev.weft.controlplane.mesh.RegistryMesh;
import dev.weft.controlplane.translate.Translator;
import dev.weft.controlplane.xds.XdsServer;
import dev.weft.registry.server.RegistryNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The xDS side of a replica over a running registry node: the debounced mesh source, the
 * translation, the ADS server and the admin API.
 */
public final class XdsPlane implements AutoCloseable {
  private final ScheduledExecutorService scheduler;
  private final RegistryMesh mesh;
  private final XdsServer xds;
  private final AdminServer admin;

  private XdsPlane(
      RegistryNode registry,
      InetSocketAddress xdsAddress,
      InetSocketAddress adminAddress,
      Duration quiet,
      Duration maxDelay,
      Duration sessionGrace)
      throws IOException {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "weft-mesh-debounce");
              thread.setDaemon(true);
              return thread;
            });
    mesh = new RegistryMesh(registry, scheduler, quiet, maxDelay);
    XdsServer startedXds = null;
    try {
      startedXds = XdsServer.start(xdsAddress, new Translator(mesh), mesh, sessionGrace);
      XdsServer server = startedXds;
      admin =
          AdminServer.start(
              adminAddress,
              server,
              () -> registry.ready().isDone() && !registry.ready().isCompletedExceptionally(),
              new Metrics(server, () -> registry.view().services().size()));
    } catch (IOException | RuntimeException e) {
      if (startedXds != null) {
        startedXds.close();
      }
      mesh.close();
      scheduler.shutdownNow();
      throw e;
    }
    xds = startedXds;
  }

  /**
   * Starts serving xDS and the admin API.
   *
   * @throws IOException when an address cannot be bound; nothing is left running
   */
  public static XdsPlane start(
      RegistryNode registry,
      InetSocketAddress xdsAddress,
      InetSocketAddress adminAddress,
      Duration quiet,
      Duration maxDelay,
      Duration sessionGrace)
      throws IOException {
    return new XdsPlane(registry, xdsAddress, adminAddress, quiet, maxDelay, sessionGrace);
  }

  public int xdsPort() {
    return xds.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public XdsServer xds() {
    return xds;
  }

  @Override
  public void close() {
    admin.close();
    xds.close();
    mesh.close();
    scheduler.shutdownNow();
  }
}
