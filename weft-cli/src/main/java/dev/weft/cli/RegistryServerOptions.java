package dev.weft.cli;

import dev.weft.cli.RegistrySettings.StoreKind;
import dev.weft.registry.etcd.EtcdEndpoints;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The registry options of {@code weft control-plane}. */
final class RegistryServerOptions {
  static final String DEFAULT_ETCD = "http://127.0.0.1:2379";

  @Option(
      names = "--store",
      paramLabel = "<store>",
      defaultValue = "memory",
      description =
          "Where publications live: memory (this process only) or etcd (shared by replicas)."
              + " Default: ${DEFAULT-VALUE}.")
  String store;

  @Option(
      names = "--etcd-endpoints",
      paramLabel = "<url,...>",
      description = "etcd's client URLs, with --store etcd (default: " + DEFAULT_ETCD + ").")
  String etcdEndpoints;

  @Option(
      names = "--registry-address",
      paramLabel = "<host:port>",
      defaultValue = "127.0.0.1:9600",
      description = "Where the registry API listens (default: ${DEFAULT-VALUE}).")
  String registryAddress;

  @Option(
      names = "--session-ttl",
      paramLabel = "<duration>",
      defaultValue = "10s",
      description =
          "How long a session's registrations outlive a client that vanished without closing it"
              + " (default: ${DEFAULT-VALUE}).")
  String sessionTtl;

  @Option(
      names = "--push-quiet",
      paramLabel = "<duration>",
      defaultValue = "50ms",
      description =
          "Changes are pushed once the registry has been quiet this long, coalescing bursts"
              + " (default: ${DEFAULT-VALUE}).")
  String pushQuiet;

  /** The options, checked; a bad one is exit code 2 naming it. */
  RegistrySettings settings() {
    StoreKind store = storeKind();
    if (store != StoreKind.ETCD && etcdEndpoints != null) {
      throw CliException.usage("--etcd-endpoints: only with --store etcd");
    }
    EtcdEndpoints etcd;
    try {
      etcd = EtcdEndpoints.parse(etcdEndpoints == null ? DEFAULT_ETCD : etcdEndpoints);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--etcd-endpoints: " + e.getMessage(), e);
    }
    return new RegistrySettings(
        store,
        etcd,
        Addresses.listen("--registry-address", registryAddress),
        Durations.parse("--session-ttl", sessionTtl, Duration.ofMillis(1)),
        Durations.parse("--push-quiet", pushQuiet, Duration.ZERO));
  }

  private StoreKind storeKind() {
    for (StoreKind kind : StoreKind.values()) {
      if (kind.name().equalsIgnoreCase(store)) {
        return kind;
      }
    }
    throw CliException.usage("--store: expected memory or etcd, got '" + store + "'");
  }
}
