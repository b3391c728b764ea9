package dev.weft.dataplane.server;

import dev.weft.dataplane.network.Transport;

/**
 * How the sidecar process runs, apart from its config.
 *
 * @param workers event loops for connections (default: one per core)
 */
public record SidecarOptions(Transport transport, int workers) {
  public static SidecarOptions defaults() {
    return new SidecarOptions(Transport.best(), Transport.defaultEventLoops());
  }
}
