package dev.weft.cli.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer pod: its sidecar (node {@code consumer}) and one consumer per protocol, each calling
 * its service in a loop at the demo's rate and serving its counters on a control port. The SOFA RPC
 * consumer subscribes through the sidecar's mesh agent and, as SOFA RPC always does, dials the
 * agent's host on {@value #SOFA_EGRESS}; the sidecar subscribes for the Dubbo and HTTP consumers
 * ({@code --subscribe}); the gRPC consumer is a proxyless client (node {@value #GRPC_NODE}) of the
 * control plane.
 */
final class ConsumerPod {
  static final String NAME = "consumer";

  /** The xDS node id of the proxyless gRPC consumer. */
  static final String GRPC_NODE = "consumer-grpc";

  /** SOFA RPC's mesh consumer always dials this port on its agent's host. */
  static final int SOFA_EGRESS = 12220;

  private final PodContext context;
  private final int rate;
  private final int admin;
  private final int agent;
  private final Map<DemoService, Integer> egress = new EnumMap<>(DemoService.class);
  private final Map<DemoService, Integer> ingress = new EnumMap<>(DemoService.class);
  private final Map<DemoService, Integer> control = new EnumMap<>(DemoService.class);
  private final Map<DemoService, Child> apps = new ConcurrentHashMap<>();
  private final Set<DemoService> looping = ConcurrentHashMap.newKeySet();
  private volatile Child sidecar;
  private volatile String state = "not started";

  ConsumerPod(PodContext context, int rate) {
    this.context = context;
    this.rate = rate;
    int[] ports = context.ports().take(11);
    admin = ports[0];
    agent = ports[1];
    int next = 2;
    for (DemoService service : DemoService.values()) {
      control.put(service, ports[next++]);
      if (service.throughSidecars()) {
        ingress.put(service, ports[next++]);
        egress.put(service, service == DemoService.BOLT ? SOFA_EGRESS : ports[next++]);
      }
    }
  }

  String state() {
    return state;
  }

  /** The control port serving {@code service}'s consumer's counters. */
  int controlPort(DemoService service) {
    return control.get(service);
  }

  /** Starts the sidecar; completes once it has its first config ({@code /ready}). */
  CompletableFuture<Void> startSidecar() {
    state = "starting";
    List<String> options = new ArrayList<>();
    for (DemoService service : DemoService.values()) {
      if (service.throughSidecars()) {
        options.addAll(List.of("--egress-port", service.protocol() + "=" + egress.get(service)));
        options.addAll(List.of("--ingress-port", service.protocol() + "=" + ingress.get(service)));
      }
    }
    for (DemoService service : List.of(DemoService.DUBBO, DemoService.HTTP)) {
      options.addAll(List.of("--subscribe", service.protocol() + ":" + service.dataId()));
    }
    PodContext.Started started = context.sidecar(NAME, agent, admin, options);
    sidecar = started.child();
    return started.ready();
  }

  /**
   * Starts {@code service}'s consumer, its loop not yet running; completes once its control port
   * answers (the gRPC consumer's only once its channel is ready).
   */
  CompletableFuture<Void> startApp(DemoService service) {
    List<String> args =
        new ArrayList<>(List.of("--name", NAME, "--control-port", "" + control.get(service)));
    switch (service) {
      case BOLT -> args.addAll(List.of("--registry", "mesh://127.0.0.1:" + agent));
      case DUBBO -> args.addAll(List.of("--target", "127.0.0.1:" + egress.get(service)));
      case HTTP ->
          args.addAll(
              List.of(
                  "--target", "127.0.0.1:" + egress.get(service), "--service", service.dataId()));
      case GRPC ->
          args.addAll(
              List.of(
                  "--target",
                  "xds:///" + service.dataId(),
                  "--xds",
                  "127.0.0.1:" + context.controlPlane().xdsPort,
                  "--node-id",
                  GRPC_NODE));
    }
    PodContext.Started started =
        context.app(
            NAME + "-" + service.protocol(),
            service,
            service.consumerRole(),
            args,
            child -> context.http().ok(control.get(service), "/ready"));
    apps.put(service, started.child());
    return started.ready();
  }

  /**
   * Starts {@code service}'s loop once {@code provider} can answer it: for the services through the
   * sidecar, once the sidecar's cluster has the provider's endpoint; for gRPC once it is registered
   * (the consumer's channel was ready before its control port answered).
   */
  CompletableFuture<Void> startLoop(DemoService service, ProviderPod provider) {
    CompletableFuture<Void> answerable =
        service.throughSidecars()
            ? provider
                .serving(service)
                .thenCompose(
                    v ->
                        context
                            .waits()
                            .until(
                                "the consumer sidecar's cluster "
                                    + service.dataId()
                                    + " has "
                                    + provider.name(),
                                PodContext.START,
                                () ->
                                    endpoints(service)
                                        .thenApply(
                                            hosts -> hosts.contains(provider.endpoint(service)))))
            : provider.serving(service);
    return answerable
        .thenCompose(
            v ->
                context
                    .http()
                    .get(control.get(service), "/loop/start?rate=" + rate)
                    .thenRun(() -> {}))
        .thenRun(
            () -> {
              looping.add(service);
              if (looping.size() == DemoService.values().length) {
                state = "up";
              }
            });
  }

  /**
   * The endpoints the consumers' side has for {@code service}: the sidecar's cluster, or what the
   * control plane last gave the proxyless gRPC client and it acknowledged.
   */
  CompletableFuture<List<String>> endpoints(DemoService service) {
    return service.throughSidecars()
        ? context.views().sidecarHosts(admin, service.dataId())
        : context
            .views()
            .proxylessEndpoints(context.controlPlane().adminPort, GRPC_NODE, service.dataId());
  }

  /** Stops the consumers. */
  CompletableFuture<Void> stopApps() {
    state = "stopping";
    return context.supervisor().stop(apps.values());
  }

  /** Stops the sidecar. */
  CompletableFuture<Void> stopSidecar() {
    CompletableFuture<Void> stopped =
        sidecar == null
            ? CompletableFuture.completedFuture(null)
            : context.supervisor().stop(sidecar);
    return stopped.thenRun(() -> state = "stopped");
  }
}
