package dev.weft.cli.demo;

import dev.weft.cli.CliException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the demo's control plane keeps the registry: {@code etcd} (a member the demo starts from
 * the machine's etcd binary), {@code memory}, or {@code auto}: etcd when a binary is found, else
 * memory.
 */
public final class StoreChoice {
  private final Optional<Path> etcd;
  private final String reason;

  private StoreChoice(Optional<Path> etcd, String reason) {
    this.etcd = etcd;
    this.reason = reason;
  }

  /**
   * Resolves {@code --store} ({@code auto}, {@code etcd} or {@code memory}) against the machine.
   *
   * @throws CliException (exit 2) for another name, or {@code etcd} with no binary
   */
  public static StoreChoice resolve(String option, Map<String, String> env) {
    Optional<Path> binary = LocalEtcd.find(env);
    switch (option.toLowerCase(Locale.ROOT)) {
      case "auto":
        return binary
            .map(b -> new StoreChoice(binary, "etcd binary found at " + b))
            .orElseGet(
                () ->
                    new StoreChoice(
                        Optional.empty(),
                        "no etcd binary ($ETCD_BIN, etcd on the PATH, "
                            + LocalEtcd.DEBIAN_PATH
                            + ")"));
      case "etcd":
        return binary
            .map(b -> new StoreChoice(binary, "--store etcd, binary " + b))
            .orElseThrow(
                () ->
                    CliException.usage(
                        "--store etcd: no etcd binary: $ETCD_BIN is unset or not executable, there"
                            + " is no etcd on the PATH nor "
                            + LocalEtcd.DEBIAN_PATH
                            + " (Debian/Ubuntu: sudo apt-get install etcd-server); or use --store"
                            + " memory"));
      case "memory":
        return new StoreChoice(Optional.empty(), "--store memory");
      default:
        throw CliException.usage("--store: expected auto, etcd or memory, got '" + option + "'");
    }
  }

  /** Whether the registry lives in etcd. */
  public boolean etcd() {
    return etcd.isPresent();
  }

  /** Which store, and why, e.g. {@code etcd (etcd binary found at /usr/bin/etcd)}. */
  public String describe() {
    return (etcd() ? "etcd" : "memory") + " (" + reason + ")";
  }

  /** Starts the store if it is a process; completes with the control plane's store options. */
  CompletableFuture<List<String>> start(
      Supervisor supervisor, RunDir runDir, Http http, Ports ports) {
    if (etcd.isEmpty()) {
      return CompletableFuture.completedFuture(List.of("--store", "memory"));
    }
    return LocalEtcd.start(etcd.get(), supervisor, runDir, http, ports)
        .thenApply(endpoints -> List.of("--store", "etcd", "--etcd-endpoints", endpoints));
  }
}
