package dev.weft.benchmarks.registry;

import dev.weft.api.registry.v1.Scope;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.server.RegistryNode;
import dev.weft.registry.server.RegistryServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Time from a publish to each subscriber receiving the new list, through a real registry API over
 * gRPC on loopback: one publisher session, N subscriber sessions (spread over channels, as sidecars
 * each have their own), R rounds that each change the published endpoint.
 *
 * <p>Reports p50/p99/max of every subscriber's delay and of the delay until the last subscriber had
 * it. Usage: {@code PushLatency <store> <subscribers> <rounds> [quietMillis]} where store is {@code
 * memory} or an etcd endpoint URL.
 */
public final class PushLatency {
  private PushLatency() {}

  public static void main(String[] args) throws Exception {
    String store = args[0];
    int subscribers = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Duration quiet = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 50);
    Result result;
    if (store.startsWith("registry=")) {
      String[] hostPort = store.substring("registry=".length()).split(":");
      result =
          measure(
              new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])),
              subscribers,
              rounds);
    } else {
      result = run(Stores.open(store, Duration.ofSeconds(10)), subscribers, rounds, quiet);
    }
    System.out.printf(
        "store=%s subscribers=%d rounds=%d quiet=%dms%n",
        store, subscribers, rounds, quiet.toMillis());
    System.out.println("each subscriber  " + Stores.summary(result.each()));
    System.out.println("last subscriber  " + Stores.summary(result.last()));
  }

  /** Both histograms in microseconds. */
  public record Result(Histogram each, Histogram last) {}

  /** With a registry on {@code store} in this JVM. */
  public static Result run(
      dev.weft.registry.store.RegistryStore store, int subscribers, int rounds, Duration quiet)
      throws Exception {
    try (RegistryNode node = new RegistryNode(store, quiet, quiet.multipliedBy(10))) {
      node.ready().get(30, TimeUnit.SECONDS);
      try (RegistryServer server =
          RegistryServer.start(node, new InetSocketAddress("127.0.0.1", 0))) {
        return measure(new InetSocketAddress("127.0.0.1", server.port()), subscribers, rounds);
      }
    }
  }

  /** Against the registry API at {@code registry}. */
  public static Result measure(InetSocketAddress registry, int subscribers, int rounds)
      throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    List<ManagedChannel> channels = new ArrayList<>();
    List<RegistrySession> sessions = new ArrayList<>();
    ServiceId service = ServiceId.of("dev.weft.bench.PushLatency:" + System.nanoTime());
    try {
      int channelCount = Math.max(1, Math.min(subscribers, 100));
      for (int i = 0; i < channelCount; i++) {
        channels.add(
            NettyChannelBuilder.forAddress(registry.getHostString(), registry.getPort())
                .usePlaintext()
                .build());
      }
      Histogram each = new Histogram(3);
      Histogram last = new Histogram(3);
      Rounds tracker = new Rounds(subscribers);
      CountDownLatch subscribed = new CountDownLatch(subscribers);
      for (int i = 0; i < subscribers; i++) {
        RegistrySession session =
            new RegistrySession(channels.get(i % channelCount), scheduler, "sub-" + i, "", s -> {});
        sessions.add(session);
        session.subscribe(
            service,
            Scope.SCOPE_DATA_CENTER,
            list -> {
              if (list.endpoints().isEmpty()) {
                subscribed.countDown();
              } else {
                tracker.arrived(list.endpoints().get(0).port());
              }
            });
      }
      if (!subscribed.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("subscribers did not get their first list in 60 s");
      }
      RegistrySession publisher =
          new RegistrySession(channels.get(0), scheduler, "pub", "", s -> {});
      sessions.add(publisher);
      // Warm-up rounds (JIT, connections, buffers) are not recorded.
      int warmup = Math.max(10, rounds / 5);
      Histogram ignored = new Histogram(3);
      for (int round = 1; round <= warmup + rounds; round++) {
        boolean measured = round > warmup;
        int port = 10_000 + round;
        tracker.start(port, measured ? each : ignored);
        publisher
            .publish(
                new Publication(
                    service,
                    "bench",
                    "",
                    List.of(new Endpoint("10.0.0.1", port, Protocol.BOLT, 100, "", Map.of()))))
            .get(10, TimeUnit.SECONDS);
        long all = tracker.awaitAll(Duration.ofSeconds(30));
        if (measured) {
          last.recordValue(all);
        }
        // Rounds apart by more than the quiet time: each is a change after a quiet period.
        TimeUnit.MILLISECONDS.sleep(100);
      }
      return new Result(each, last);
    } finally {
      sessions.forEach(s -> s.close(Duration.ofSeconds(1)));
      channels.forEach(ManagedChannel::shutdownNow);
      scheduler.shutdownNow();
    }
  }
}
