package dev.weft.e2e.mesh;

import dev.weft.e2e.rpc.Peers;
import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.Probe;
import dev.weft.testing.process.ProcessLauncher;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code weft control-plane --store etcd} replica of a {@link ControlPlaneFixture}: its ports,
 * and its process while it runs. It can be killed with {@code kill -9} and started again on the
 * same ports.
 */
final class ControlPlaneReplica {
  final String name;
  final int registryPort;
  final int xdsPort;
  final int adminPort;
  private final List<String> args;
  private volatile ChildProcess process;

  /**
   * @param ports the registry, xDS and admin ports
   * @param extra more control-plane options
   */
  ControlPlaneReplica(String name, int[] ports, String etcdEndpoints, List<String> extra) {
    this.name = name;
    registryPort = ports[0];
    xdsPort = ports[1];
    adminPort = ports[2];
    List<String> all =
        new ArrayList<>(
            List.of(
                "control-plane",
                "--store",
                "etcd",
                "--etcd-endpoints",
                etcdEndpoints,
                "--registry-address",
                "127.0.0.1:" + registryPort,
                "--xds-address",
                "127.0.0.1:" + xdsPort,
                "--admin-address",
                "127.0.0.1:" + adminPort));
    all.addAll(extra);
    args = List.copyOf(all);
  }

  /** {@code 127.0.0.1:<xds port>}, as a sidecar's config_dump names it. */
  String xds() {
    return "127.0.0.1:" + xdsPort;
  }

  /** Starts the process, the first time or once killed; returns once {@code ready} passes. */
  ChildProcess start(Probe ready) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " still runs: kill it first");
    }
    process =
        ProcessLauncher.weft(name, args.toArray(String[]::new))
            .readiness(ready)
            .startTimeout(Peers.START)
            .start();
    return process;
  }

  /** {@code kill -9}: no clean end for its streams and sessions. */
  void kill() {
    process.kill();
  }
}
