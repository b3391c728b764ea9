package dev.weft.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's {@code weft control-plane} process on free loopback ports: the registry the sidecars
 * open their sessions on, ADS for the sidecars and the proxyless gRPC consumer, the admin API.
 */
final class DemoControlPlane {
  static final Duration START = Duration.ofSeconds(60);

  final int registryPort;
  final int xdsPort;
  final int adminPort;
  private Child child;

  DemoControlPlane(Ports free) {
    int[] ports = free.take(3);
    registryPort = ports[0];
    xdsPort = ports[1];
    adminPort = ports[2];
  }

  /** Starts it on {@code store}'s options; completes once its admin {@code /ready} says 200. */
  CompletableFuture<Void> start(
      List<String> store, Supervisor supervisor, Commands commands, Http http) {
    List<String> args = new ArrayList<>(List.of("control-plane"));
    args.addAll(store);
    args.addAll(
        List.of(
            "--registry-address",
            "127.0.0.1:" + registryPort,
            "--xds-address",
            "127.0.0.1:" + xdsPort,
            "--admin-address",
            "127.0.0.1:" + adminPort));
    child = supervisor.start("control-plane", commands.weft(args), commands.weftEnv());
    return supervisor.ready(child, START, () -> http.ok(adminPort, "/ready"));
  }

  Child child() {
    return child;
  }

  String describe() {
    return "registry 127.0.0.1:"
        + registryPort
        + ", xDS 127.0.0.1:"
        + xdsPort
        + ", admin http://127.0.0.1:"
        + adminPort
        + "/";
  }
}
