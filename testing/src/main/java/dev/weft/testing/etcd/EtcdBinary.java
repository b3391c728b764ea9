package dev.weft.testing.etcd;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/** Where the {@code etcd} server binary is: {@code $ETCD_BIN}, else {@code etcd} on the PATH. */
public final class EtcdBinary {
  static final String INSTALL_HINT =
      "Install it (Debian/Ubuntu: sudo apt-get install etcd-server) or point $ETCD_BIN at it.";

  private EtcdBinary() {}

  /** The binary, or a failure that says how to install it. */
  public static Path require() {
    return require(System.getenv());
  }

  static Path require(Map<String, String> env) {
    return find(env)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No etcd binary: $ETCD_BIN is "
                        + Optional.ofNullable(env.get("ETCD_BIN")).orElse("unset")
                        + " and there is no etcd on the PATH. "
                        + INSTALL_HINT));
  }

  static Optional<Path> find(Map<String, String> env) {
    String configured = env.get("ETCD_BIN");
    if (configured != null && !configured.isBlank()) {
      Path path = Paths.get(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVariable = env.getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Paths.get(dir, "etcd");
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
