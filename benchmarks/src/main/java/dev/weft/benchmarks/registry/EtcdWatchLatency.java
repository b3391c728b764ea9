package dev.weft.benchmarks.registry;

import dev.weft.registry.etcd.EtcdClients;
import dev.weft.registry.etcd.EtcdEndpoints;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The peer of {@link PushLatency}: etcd's own watch, from a put to each of N watchers seeing it,
 * with jetcd clients spread as PushLatency spreads its channels. The registry on etcd adds its view
 * and fanout on top of this path, so this is the floor it is compared with.
 *
 * <p>Usage: {@code EtcdWatchLatency <etcd-url> <watchers> <rounds>}.
 */
public final class EtcdWatchLatency {
  private EtcdWatchLatency() {}

  public static void main(String[] args) throws Exception {
    EtcdEndpoints endpoints = EtcdEndpoints.parse(args[0]);
    int watchers = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Histogram each = new Histogram(3);
    Histogram last = new Histogram(3);
    ByteSequence key =
        ByteSequence.from("/weft-bench/watch/" + System.nanoTime(), StandardCharsets.UTF_8);
    List<Client> clients = new ArrayList<>();
    List<Watch.Watcher> watches = new ArrayList<>();
    Rounds round = new Rounds(watchers);
    try {
      int clientCount = Math.max(1, Math.min(watchers, 100));
      for (int i = 0; i < clientCount; i++) {
        clients.add(EtcdClients.connect(endpoints));
      }
      CountDownLatch ready = new CountDownLatch(watchers);
      for (int i = 0; i < watchers; i++) {
        watches.add(
            clients
                .get(i % clientCount)
                .getWatchClient()
                .watch(
                    key,
                    WatchOption.builder().withCreateNotify(true).build(),
                    response -> {
                      if (response.isCreatedNotify()) {
                        ready.countDown();
                      }
                      response
                          .getEvents()
                          .forEach(
                              e ->
                                  round.arrived(
                                      e.getKeyValue().getValue().toString(StandardCharsets.UTF_8)));
                    }));
      }
      if (!ready.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("watches were not created in 60 s");
      }
      Client writer = clients.get(0);
      int warmup = Math.max(10, rounds / 5);
      Histogram ignored = new Histogram(3);
      for (int i = 1; i <= warmup + rounds; i++) {
        boolean measured = i > warmup;
        String value = "round-" + i;
        round.start(value, measured ? each : ignored);
        writer
            .getKVClient()
            .put(key, ByteSequence.from(value, StandardCharsets.UTF_8))
            .get(10, TimeUnit.SECONDS);
        long all = round.awaitAll(Duration.ofSeconds(30));
        if (measured) {
          last.recordValue(all);
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } finally {
      watches.forEach(Watch.Watcher::close);
      clients.forEach(Client::close);
    }
    System.out.printf("etcd watch watchers=%d rounds=%d%n", watchers, rounds);
    System.out.println("each watcher     " + Stores.summary(each));
    System.out.println("last watcher     " + Stores.summary(last));
  }
}
