package dev.weft.cli.demo;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every pod needs to start and watch its processes.
 *
 * @param ports hands out every port of the run
 * @param blocking runs what blocks (closing a registry session), never the scheduler's threads
 */
record PodContext(
    Supervisor supervisor,
    Commands commands,
    Http http,
    Waits waits,
    MeshViews views,
    DemoControlPlane controlPlane,
    Ports ports,
    ScheduledExecutorService scheduler,
    Executor blocking) {

  /** The sidecar options every pod's sidecar shares: its control plane, registry and node. */
  java.util.List<String> sidecarBase(String node, int agent, int admin) {
    return java.util.List.of(
        "sidecar",
        "--xds",
        "127.0.0.1:" + controlPlane.xdsPort,
        "--registry",
        "127.0.0.1:" + controlPlane.registryPort,
        "--node-id",
        node,
        "--app",
        node,
        "--agent-address",
        "127.0.0.1:" + agent,
        "--publish-address",
        "127.0.0.1",
        "--admin-address",
        "127.0.0.1:" + admin);
  }
}
