package dev.weft.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What every pod needs to start and watch its processes, and how a pod starts its sidecar and its
 * apps.
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

  /** How long a pod's process may take to be ready on two busy cores. */
  static final Duration START = Duration.ofSeconds(90);

  /** A process just started, and when it is ready. */
  record Started(Child child, CompletableFuture<Void> ready) {}

  /**
   * {@code ./weft sidecar} for the pod {@code node}, on this control plane and its registry, with
   * its mesh agent and admin API on the given ports and {@code options} for the rest; ready once
   * its {@code /ready} says 200 (its first full config is applied).
   */
  Started sidecar(String node, int agent, int admin, List<String> options) {
    List<String> args =
        new ArrayList<>(
            List.of(
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
                "127.0.0.1:" + admin));
    args.addAll(options);
    Child child = supervisor.start(node + "-sidecar", commands.weft(args), commands.weftEnv());
    return new Started(child, supervisor.ready(child, START, () -> http.ok(admin, "/ready")));
  }

  /** One of {@code service}'s apps in {@code role}, ready once {@code readiness} says so. */
  Started app(
      String name,
      DemoService service,
      String role,
      List<String> args,
      Function<Child, CompletableFuture<Boolean>> readiness) {
    Child child = supervisor.start(name, commands.app(service, role, args), Map.of());
    return new Started(child, supervisor.ready(child, START, () -> readiness.apply(child)));
  }
}
