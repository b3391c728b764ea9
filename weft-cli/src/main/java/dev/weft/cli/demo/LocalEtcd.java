package dev.weft.cli.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A single etcd member for the demo's registry: started from the {@code etcd} binary found on the
 * machine, on free loopback ports, with its data in the run directory.
 */
final class LocalEtcd {
  /** Where Debian's etcd-server package puts it. */
  static final String DEBIAN_PATH = "/usr/bin/etcd";

  private static final Duration START = Duration.ofSeconds(30);

  private LocalEtcd() {}

  /** {@code $ETCD_BIN}, else {@code etcd} on the PATH, else {@value DEBIAN_PATH}. */
  static Optional<Path> find(Map<String, String> env) {
    String configured = env.get("ETCD_BIN");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return executable(path) ? Optional.of(path) : Optional.empty();
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && executable(Path.of(dir, "etcd"))) {
        return Optional.of(Path.of(dir, "etcd"));
      }
    }
    Path debian = Path.of(DEBIAN_PATH);
    return executable(debian) ? Optional.of(debian) : Optional.empty();
  }

  private static boolean executable(Path path) {
    return Files.isExecutable(path) && !Files.isDirectory(path);
  }

  /** Starts etcd; completes with its client URL once it reports itself healthy. */
  static CompletableFuture<String> start(
      Path binary, Supervisor supervisor, RunDir runDir, Http http, Ports free) {
    int[] ports = free.take(2);
    String client = "http://127.0.0.1:" + ports[0];
    String peer = "http://127.0.0.1:" + ports[1];
    Child etcd =
        supervisor.start(
            "etcd",
            List.of(
                binary.toString(),
                "--name=weft-demo",
                "--data-dir=" + runDir.dir("etcd").resolve("data"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=weft-demo=" + peer,
                "--initial-cluster-state=new"),
            Map.of());
    return supervisor
        .ready(
            etcd,
            START,
            () ->
                http.get(ports[0], "/health")
                    .thenApply(body -> body.contains("\"health\":\"true\"")))
        .thenApply(ready -> client);
  }
}
