package dev.weft.dataplane.server;

import dev.weft.dataplane.admin.LogLevels;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.network.Transport;
import java.util.Optional;

/**
 * How the sidecar process runs, apart from its config.
 *
 * @param workers event loops for connections (default: one per core)
 * @param adminAddress where the admin API listens, overriding the config's {@code admin} block;
 *     with neither, there is no admin API
 * @param logLevels what {@code /api/v1/update_loglevel} changes (the CLI passes its logback one)
 */
public record SidecarOptions(
    Transport transport, int workers, Optional<HostPort> adminAddress, LogLevels logLevels) {

  public SidecarOptions(Transport transport, int workers) {
    this(transport, workers, Optional.empty(), LogLevels.unsupported());
  }

  public static SidecarOptions defaults() {
    return new SidecarOptions(Transport.best(), Transport.defaultEventLoops());
  }

  /** These options with the admin API on {@code address} (port 0 picks a free port). */
  public SidecarOptions withAdminAddress(HostPort address) {
    return new SidecarOptions(transport, workers, Optional.of(address), logLevels);
  }

  public SidecarOptions withLogLevels(LogLevels levels) {
    return new SidecarOptions(transport, workers, adminAddress, levels);
  }
}
