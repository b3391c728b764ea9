package dev.weft.cli.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider pod: its sidecar (node {@code provider-N}) and one provider per protocol, each
 * answering as {@code provider-N}. The SOFA RPC provider publishes through the sidecar's mesh
 * agent; the sidecar publishes the Dubbo and HTTP providers for them ({@code --publish}); the gRPC
 * provider, proxyless, is registered by the demo ({@link GrpcRegistration}). Every port is its own.
 */
final class ProviderPod {
  private final PodContext context;
  private final String name;
  private final int admin;
  private final int agent;
  private final Map<DemoService, Integer> egress = new EnumMap<>(DemoService.class);
  private final Map<DemoService, Integer> ingress = new EnumMap<>(DemoService.class);
  private final Map<DemoService, Integer> app = new EnumMap<>(DemoService.class);
  private final Map<DemoService, CompletableFuture<Void>> serving =
      new EnumMap<>(DemoService.class);
  private final Map<DemoService, Child> apps = new ConcurrentHashMap<>();
  private volatile Child sidecar;
  private volatile GrpcRegistration registration;
  private volatile String state = "not started";

  ProviderPod(int index, PodContext context) {
    this.context = context;
    this.name = PodControl.providerName(index);
    int[] ports = context.ports().take(12);
    admin = ports[0];
    agent = ports[1];
    int next = 2;
    for (DemoService service : DemoService.values()) {
      app.put(service, ports[next++]);
      if (service.throughSidecars()) {
        egress.put(service, ports[next++]);
        ingress.put(service, ports[next++]);
      }
    }
    for (DemoService service : DemoService.values()) {
      serving.put(service, new CompletableFuture<>());
    }
  }

  String name() {
    return name;
  }

  String state() {
    return state;
  }

  /**
   * The address the consumers' side has for {@code service} while this pod serves it: the sidecar's
   * ingress, or for gRPC the provider itself.
   */
  String endpoint(DemoService service) {
    return "127.0.0.1:" + (service.throughSidecars() ? ingress.get(service) : app.get(service));
  }

  /** Completes once {@code service}'s provider answers and is published. */
  CompletableFuture<Void> serving(DemoService service) {
    return serving.get(service);
  }

  /**
   * Starts the pod as a pod with a sidecar must start: the apps the sidecar publishes for (Dubbo,
   * HTTP) first, since its {@code --publish} makes them visible at once; the sidecar once they
   * answer and the control plane is ready; the SOFA provider, which publishes through the sidecar's
   * agent, once the sidecar is ready; the gRPC provider at once, registered once it answers.
   * Completes once every service is {@link #serving}.
   */
  CompletableFuture<Void> start(CompletableFuture<Void> controlPlaneReady) {
    state = "starting";
    CompletableFuture<Void> dubbo = startApp(DemoService.DUBBO);
    CompletableFuture<Void> http = startApp(DemoService.HTTP);
    CompletableFuture<Void> grpc = startApp(DemoService.GRPC);
    CompletableFuture<Void> sidecarReady =
        CompletableFuture.allOf(controlPlaneReady, dubbo, http).thenCompose(v -> startSidecar());
    Map<DemoService, CompletableFuture<Void>> published = new EnumMap<>(DemoService.class);
    published.put(DemoService.DUBBO, sidecarReady);
    published.put(DemoService.HTTP, sidecarReady);
    // The SOFA provider has published through the agent when it says READY.
    published.put(DemoService.BOLT, sidecarReady.thenCompose(v -> startApp(DemoService.BOLT)));
    published.put(
        DemoService.GRPC,
        CompletableFuture.allOf(grpc, controlPlaneReady).thenCompose(v -> register()));
    for (DemoService service : DemoService.values()) {
      published
          .get(service)
          .thenCompose(v -> service.throughSidecars() ? ingressListening(service) : done())
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  serving.get(service).complete(null);
                } else {
                  serving.get(service).completeExceptionally(error);
                }
              });
    }
    return CompletableFuture.allOf(serving.values().toArray(CompletableFuture[]::new))
        .thenRun(() -> state = "up");
  }

  /**
   * Completes once the sidecar has the ingress listener the control plane makes for the published
   * service: only then do calls that reach it get through.
   */
  private CompletableFuture<Void> ingressListening(DemoService service) {
    String listener = "ingress_" + service.protocol() + "_" + ingress.get(service);
    return context
        .waits()
        .until(
            name + "'s sidecar listening on " + listener,
            PodContext.START,
            () -> context.views().sidecarListeners(admin).thenApply(l -> l.contains(listener)));
  }

  private CompletableFuture<Void> startSidecar() {
    List<String> options = new ArrayList<>();
    for (DemoService service : DemoService.values()) {
      if (service.throughSidecars()) {
        String protocol = service.protocol() + "=";
        options.addAll(List.of("--egress-port", protocol + egress.get(service)));
        options.addAll(List.of("--ingress-port", protocol + ingress.get(service)));
        options.addAll(List.of("--app-port", protocol + app.get(service)));
      }
    }
    for (DemoService service : List.of(DemoService.DUBBO, DemoService.HTTP)) {
      options.addAll(List.of("--publish", service.protocol() + ":" + service.dataId()));
    }
    PodContext.Started started = context.sidecar(name, agent, admin, options);
    sidecar = started.child();
    return started.ready();
  }

  /** A provider, ready once it prints {@code READY}. */
  private CompletableFuture<Void> startApp(DemoService service) {
    List<String> args = new ArrayList<>(List.of("--port", "" + app.get(service), "--name", name));
    if (service == DemoService.BOLT) {
      args.addAll(List.of("--app", name, "--registry", "mesh://127.0.0.1:" + agent));
    }
    PodContext.Started started =
        context.app(
            name + "-" + service.protocol(),
            service,
            service.providerRole(),
            args,
            child -> CompletableFuture.completedFuture(child.printed("READY ")));
    apps.put(service, started.child());
    return started.ready();
  }

  private CompletableFuture<Void> register() {
    registration =
        new GrpcRegistration(context.controlPlane().registryPort, name, context.scheduler());
    return registration.publish(app.get(DemoService.GRPC));
  }

  /**
   * Withdraws every publication as the apps would when leaving: {@code /services/unpublish} on the
   * sidecar's mesh agent for Bolt, Dubbo and HTTP, and the gRPC registration.
   */
  CompletableFuture<Void> unpublish() {
    state = "leaving";
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (DemoService service : DemoService.values()) {
      if (service.throughSidecars()) {
        all.add(
            context
                .http()
                .post(
                    agent,
                    "/services/unpublish",
                    "{\"serviceName\":\""
                        + service.dataId()
                        + "\",\"protocolType\":\""
                        + service.protocol()
                        + "\"}"));
      }
    }
    if (registration != null) {
      all.add(registration.unpublish());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** Stops the apps, then the sidecar, and ends the gRPC registration's session. */
  CompletableFuture<Void> stop() {
    state = "stopping";
    Supervisor supervisor = context.supervisor();
    return supervisor
        .stop(apps.values())
        .thenCompose(v -> sidecar == null ? done() : supervisor.stop(sidecar))
        .thenRunAsync(this::closeRegistration, context.blocking())
        .thenRun(() -> state = "stopped");
  }

  private void closeRegistration() {
    if (registration != null) {
      registration.close();
    }
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
