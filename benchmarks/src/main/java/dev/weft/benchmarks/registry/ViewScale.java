package dev.weft.benchmarks.registry;

import dev.weft.api.registry.v1.RegistryQueryGrpc;
import dev.weft.api.registry.v1.Scope;
import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.api.registry.v1.WatchServicesRequest;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.server.RegistryNode;
import dev.weft.registry.server.RegistryServer;
import dev.weft.registry.store.RegistryStore;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A registry holding many services: how long a replica takes to read them all, how much heap its
 * view takes, and how long a client takes to receive every full list, both as one {@code
 * WatchServices} stream and as one session subscribed to each service.
 *
 * <p>Usage: {@code ViewScale <store> <services> <endpointsPerService>}, store as in {@link
 * PushLatency}.
 */
public final class ViewScale {
  private ViewScale() {}

  public static void main(String[] args) throws Exception {
    String spec = args[0];
    int services = Integer.parseInt(args[1]);
    int endpoints = Integer.parseInt(args[2]);
    RegistryStore store = Stores.open(spec, Duration.ofSeconds(10));
    long writeStart = System.nanoTime();
    write(store, services, endpoints);
    long writeMillis = millisSince(writeStart);

    long heapBefore = usedHeapAfterGc();
    long readStart = System.nanoTime();
    try (RegistryNode node =
        new RegistryNode(store, Duration.ofMillis(50), Duration.ofMillis(500))) {
      node.ready().get(120, TimeUnit.SECONDS);
      long readMillis = millisSince(readStart);
      long viewBytes = usedHeapAfterGc() - heapBefore;
      try (RegistryServer server =
          RegistryServer.start(node, new InetSocketAddress("127.0.0.1", 0))) {
        ManagedChannel channel =
            NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .build();
        try {
          long watchMillis = watchAll(channel, services);
          long subscribeMillis = subscribeEach(channel, services);
          System.out.printf(
              "store=%s services=%d endpoints/service=%d%n", spec, services, endpoints);
          System.out.printf("write all (64 in flight)      %d ms%n", writeMillis);
          System.out.printf("replica reads them all        %d ms%n", readMillis);
          System.out.printf(
              "view heap                     %.1f MiB (%.0f bytes per endpoint)%n",
              viewBytes / 1048576.0, viewBytes / (double) (services * endpoints));
          System.out.printf("WatchServices, every list     %d ms%n", watchMillis);
          System.out.printf("one session, %d subscriptions %d ms%n", services, subscribeMillis);
        } finally {
          channel.shutdownNow();
        }
      }
    }
  }

  private static void write(RegistryStore store, int services, int endpoints) throws Exception {
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    for (int s = 0; s < services; s++) {
      List<Endpoint> list = new ArrayList<>();
      for (int e = 0; e < endpoints; e++) {
        list.add(
            new Endpoint(
                "10." + (s >> 8 & 255) + "." + (s & 255) + "." + e,
                12200,
                Protocol.BOLT,
                100,
                "zone-a",
                Map.of("app", "app-" + s)));
      }
      inFlight.acquire();
      CompletableFuture<Boolean> write =
          store.putPersistent(new Publication(service(s), "bench", "", list));
      write.whenComplete((v, error) -> inFlight.release());
      writes.add(write);
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
  }

  private static ServiceId service(int index) {
    return ServiceId.of("dev.weft.bench.Scale" + index + ":1.0");
  }

  private static long watchAll(ManagedChannel channel, int services) throws Exception {
    CountDownLatch all = new CountDownLatch(services);
    long start = System.nanoTime();
    RegistryQueryGrpc.newStub(channel)
        .watchServices(
            WatchServicesRequest.newBuilder().setDataIdPrefix("dev.weft.bench.Scale").build(),
            new StreamObserver<>() {
              @Override
              public void onNext(ServiceEndpoints value) {
                all.countDown();
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    if (!all.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(all.getCount() + " lists missing");
    }
    return millisSince(start);
  }

  private static long subscribeEach(ManagedChannel channel, int services) throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch all = new CountDownLatch(services);
    long start = System.nanoTime();
    RegistrySession session = new RegistrySession(channel, scheduler, "scale", "", s -> {});
    try {
      for (int s = 0; s < services; s++) {
        session.subscribe(service(s), Scope.SCOPE_DATA_CENTER, list -> all.countDown());
      }
      if (!all.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(all.getCount() + " lists missing");
      }
      return millisSince(start);
    } finally {
      session.close(Duration.ofSeconds(2));
      scheduler.shutdownNow();
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
