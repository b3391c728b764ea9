package dev.weft.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The demo's mesh: the store, the control plane, the consumer pod and the provider pods. It starts
 * them in dependency order, as much as possible at once (two cores go a long way when JVMs start
 * side by side), acts on the provider pods for the {@link Scenario}, and stops everything,
 * consumers first so no call fails on the way out.
 */
final class Mesh implements PodControl {
  private final PodContext context;
  private final StoreChoice store;
  private final RunDir runDir;
  private final ConsumerPod consumer;
  private final Map<Integer, ProviderPod> providers = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> controlPlaneReady = new CompletableFuture<>();
  private final Consumer<String> events;

  /**
   * @param rate calls per second each consumer makes
   * @param events told what happens: the control plane is ready, a pod serves
   */
  Mesh(PodContext context, StoreChoice store, RunDir runDir, int rate, Consumer<String> events) {
    this.context = context;
    this.store = store;
    this.runDir = runDir;
    this.consumer = new ConsumerPod(context, rate);
    this.events = events;
  }

  ConsumerPod consumer() {
    return consumer;
  }

  /**
   * Starts everything as early as it can: the store, then the control plane; provider pod 1 (its
   * Dubbo, HTTP and gRPC providers at once, its sidecar and SOFA provider when they can); the
   * consumers' JVMs as soon as they can run (the SOFA consumer once its sidecar's agent is up, the
   * gRPC consumer once the control plane is); and each consumer's loop as soon as its service can
   * be answered. Completes once every loop runs.
   */
  CompletableFuture<Void> start() {
    store
        .start(context.supervisor(), runDir, context.http(), context.ports())
        .thenCompose(
            storeOptions ->
                context
                    .controlPlane()
                    .start(storeOptions, context.supervisor(), context.commands(), context.http()))
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                events.accept("control plane up: " + context.controlPlane().describe());
                controlPlaneReady.complete(null);
              } else {
                controlPlaneReady.completeExceptionally(error);
              }
            });
    ProviderPod first = provider(1);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    all.add(first.start(controlPlaneReady));
    CompletableFuture<Void> sidecarReady =
        controlPlaneReady.thenCompose(v -> consumer.startSidecar());
    for (DemoService service : DemoService.values()) {
      CompletableFuture<Void> canRun =
          switch (service) {
            case BOLT -> sidecarReady;
            case GRPC -> controlPlaneReady;
            case DUBBO, HTTP -> CompletableFuture.completedFuture(null);
          };
      CompletableFuture<Void> appUp = canRun.thenCompose(v -> consumer.startApp(service));
      all.add(
          appUp
              .thenCombine(sidecarReady, (a, b) -> null)
              .thenCompose(v -> consumer.startLoop(service, first)));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private ProviderPod provider(int index) {
    return providers.computeIfAbsent(index, i -> new ProviderPod(i, context));
  }

  @Override
  public CompletableFuture<Void> startProviderPod(int index) {
    ProviderPod pod = provider(index);
    return pod.start(controlPlaneReady)
        .thenRun(() -> events.accept(pod.name() + " serves bolt, dubbo, http and grpc"));
  }

  @Override
  public CompletableFuture<Void> unpublishProviderPod(int index) {
    return provider(index).unpublish();
  }

  @Override
  public CompletableFuture<Boolean> droppedByConsumers(int index) {
    ProviderPod pod = provider(index);
    List<CompletableFuture<Boolean>> gone = new ArrayList<>();
    for (DemoService service : DemoService.values()) {
      gone.add(
          consumer.endpoints(service).thenApply(hosts -> !hosts.contains(pod.endpoint(service))));
    }
    return CompletableFuture.allOf(gone.toArray(CompletableFuture[]::new))
        .thenApply(v -> gone.stream().allMatch(CompletableFuture::join));
  }

  @Override
  public CompletableFuture<Void> stopProviderPod(int index) {
    return provider(index).stop();
  }

  /** Each pod and its state, e.g. {@code consumer up · provider-1 up · provider-2 starting}. */
  String pods() {
    StringJoiner pods = new StringJoiner(" · ");
    pods.add(ConsumerPod.NAME + " " + consumer.state());
    providers.keySet().stream()
        .sorted()
        .forEach(
            index -> pods.add(providers.get(index).name() + " " + providers.get(index).state()));
    return pods.toString();
  }

  /**
   * Stops everything: the consumers first (no call is left to fail), then the provider pods and the
   * consumer's sidecar, then the control plane, then whatever still runs (etcd). Nothing is started
   * any more once this begins.
   */
  CompletableFuture<Void> stop() {
    Supervisor supervisor = context.supervisor();
    supervisor.shuttingDown();
    return always(consumer.stopApps())
        .thenCompose(
            v -> {
              List<CompletableFuture<Void>> pods = new ArrayList<>();
              pods.add(always(consumer.stopSidecar()));
              providers.values().forEach(pod -> pods.add(always(pod.stop())));
              return CompletableFuture.allOf(pods.toArray(CompletableFuture[]::new));
            })
        .thenCompose(
            v ->
                context.controlPlane().child() == null
                    ? CompletableFuture.completedFuture(null)
                    : always(supervisor.stop(context.controlPlane().child())))
        .thenCompose(v -> supervisor.stop(supervisor.running()));
  }

  /** The same future, but one that completes normally even when the step failed. */
  private static CompletableFuture<Void> always(CompletableFuture<Void> step) {
    return step.handle((ok, error) -> null);
  }
}
