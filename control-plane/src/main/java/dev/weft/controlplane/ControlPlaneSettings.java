package dev.weft.controlplane;

import dev.weft.registry.store.RegistryStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run one control-plane replica. {@code quiet}/{@code maxDelay} debounce registry changes
 * before they become pushes; {@code sessionGrace} is how long a node that announced a registry
 * session may take to open it before its first wildcard answer goes out without it.
 */
public record ControlPlaneSettings(
    InetSocketAddress xdsAddress,
    InetSocketAddress registryAddress,
    InetSocketAddress adminAddress,
    RegistryStore store,
    Duration quiet,
    Duration maxDelay,
    Duration sessionGrace) {
  public static final Duration DEFAULT_QUIET = Duration.ofMillis(50);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);

  public ControlPlaneSettings {
    Objects.requireNonNull(xdsAddress, "xdsAddress");
    Objects.requireNonNull(registryAddress, "registryAddress");
    Objects.requireNonNull(adminAddress, "adminAddress");
    Objects.requireNonNull(store, "store");
  }

  public ControlPlaneSettings(
      InetSocketAddress xdsAddress,
      InetSocketAddress registryAddress,
      InetSocketAddress adminAddress,
      RegistryStore store,
      Duration quiet,
      Duration maxDelay) {
    this(
        xdsAddress,
        registryAddress,
        adminAddress,
        store,
        quiet,
        maxDelay,
        dev.weft.controlplane.xds.XdsServer.DEFAULT_SESSION_GRACE);
  }

  /** Every port on loopback chosen by the system; default debounce. */
  public static ControlPlaneSettings loopback(RegistryStore store) {
    return new ControlPlaneSettings(
        new InetSocketAddress("127.0.0.1", 0),
        new InetSocketAddress("127.0.0.1", 0),
        new InetSocketAddress("127.0.0.1", 0),
        store,
        DEFAULT_QUIET,
        DEFAULT_MAX_DELAY);
  }

  /** The same with another xDS address (a restart on the same port). */
  public ControlPlaneSettings withXdsAddress(InetSocketAddress address) {
    return new ControlPlaneSettings(
        address, registryAddress, adminAddress, store, quiet, maxDelay, sessionGrace);
  }
}
