package dev.weft.dataplane.admin;

import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.stats.Stats;
import java.util.Optional;
import java.util.function.Supplier;

/** What the admin API reads from the sidecar, and the one thing it changes (log levels). */
public interface AdminSource {

  /** The config being served; empty until the first one is applied. */
  Optional<SidecarConfig> config();

  ServerState state();

  Stats stats();

  LogLevels logLevels();

  /** The xDS client's state; empty when the sidecar does not run under a control plane. */
  default Optional<XdsStatus> xds() {
    return Optional.empty();
  }

  /** A source reading the given suppliers each time it is asked. */
  static AdminSource of(
      Supplier<SidecarConfig> config,
      Supplier<ServerState> state,
      Stats stats,
      LogLevels logLevels) {
    return of(config, state, stats, logLevels, Optional::empty);
  }

  /** A source reading the given suppliers, the xDS client's state among them, when asked. */
  static AdminSource of(
      Supplier<SidecarConfig> config,
      Supplier<ServerState> state,
      Stats stats,
      LogLevels logLevels,
      Supplier<Optional<XdsStatus>> xds) {
    return new AdminSource() {
      @Override
      public Optional<SidecarConfig> config() {
        return Optional.ofNullable(config.get());
      }

      @Override
      public ServerState state() {
        return state.get();
      }

      @Override
      public Stats stats() {
        return stats;
      }

      @Override
      public LogLevels logLevels() {
        return logLevels;
      }

      @Override
      public Optional<XdsStatus> xds() {
        return xds.get();
      }
    };
  }
}
