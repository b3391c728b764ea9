package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import picocli.CommandLine.Option;

/** {@code --registry <host:port>}, which every registry client command takes. */
final class RegistryClientOptions {
  static final String DEFAULT_REGISTRY = "127.0.0.1:9600";

  @Option(
      names = "--registry",
      paramLabel = "<host:port>",
      defaultValue = DEFAULT_REGISTRY,
      description = "The registry API of a control plane (default: ${DEFAULT-VALUE}).")
  String registry;

  HostPort address() {
    return Addresses.remote("--registry", registry);
  }

  /** A client of the registry; nothing is sent until the first call. */
  RegistryClient connect() {
    return new RegistryClient(address());
  }
}
