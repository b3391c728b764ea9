package dev.weft.benchmarks.xds;

import dev.weft.api.registry.v1.Scope;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Endpoint;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * xDS convergence: the time from a registry publish to each subscribed sidecar's ADS stream
 * receiving, and ACKing, the EDS response that carries the change, against a control plane that
 * runs in another process (so its heap and CPU can be read on their own).
 *
 * <p>Setup: S services, each with a few endpoints, published through registry sessions; N simulated
 * sidecars, each with a registry session under its node id that subscribes to K services (service
 * 0, which every sidecar shares, plus K-1 spread so every service has a subscriber), and a raw ADS
 * stream (wildcard CDS, EDS by name, every response ACKed at once; {@link Sidecar}). Streams and
 * sessions share a handful of gRPC channels.
 *
 * <p>Rounds, after unrecorded warm-up rounds: <b>single</b>, one random service changes; <b>fan-out
 * </b>, the shared service changes, so every stream must converge; <b>burst</b>, 100 random
 * services change at once. A change republishes the service with one endpoint replaced by a new one
 * whose port carries a marker. "each" is the delay of every (stream, change) pair from the publish
 * call; "last" is the delay until the round's last stream had it.
 *
 * <p>Usage: {@code Convergence --xds host:port --registry host:port [--admin host:port] [--pid N]
 * [--streams 1000] [--services 10000] [--rounds 200] [--fanout-rounds 20] [--bursts 5]
 * [--burst-size 100] [--per-stream K] [--endpoints 3] [--channels 10]}. With {@code --pid}, the
 * control plane's CPU per change, RSS and heap after a full GC are read from {@code /proc} and
 * {@code jcmd}.
 */
public final class Convergence {
  /** A list's marker is its highest endpoint port minus this. */
  static final int MARKER_BASE = 20_000;

  private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);

  private Convergence() {}

  /** What to run. {@code perStream} 0: {@link #subscriptionsPerStream() enough to cover all}. */
  public record Settings(
      int streams,
      int services,
      int perStream,
      int endpoints,
      int rounds,
      int fanoutRounds,
      int bursts,
      int burstSize,
      int channels,
      long seed) {
    public Settings {
      if (streams < 1 || services < 2 || endpoints < 1 || burstSize > services - 1) {
        throw new IllegalArgumentException(
            "need streams >= 1, services >= 2, endpoints >= 1 and burst size < services");
      }
    }

    public static Settings of(int streams, int services, int rounds) {
      return new Settings(
          streams,
          services,
          0,
          3,
          rounds,
          Math.max(1, rounds / 10),
          Math.max(1, rounds / 40),
          Math.min(100, services - 1),
          10,
          42);
    }

    /**
     * The shared service plus at least 9 others, and enough that every service has a subscriber.
     */
    public int subscriptionsPerStream() {
      if (perStream > 0) {
        return Math.min(perStream, services);
      }
      int cover = 1 + (services - 1 + streams - 1) / streams;
      return Math.min(services, Math.max(10, cover));
    }

    /** Unrecorded single-change rounds before the measured ones. */
    int warmup() {
      return Math.max(10, rounds / 2);
    }
  }

  /** Where the control plane listens; {@code admin} may be null and {@code pid} 0. */
  public record Target(InetSocketAddress xds, InetSocketAddress registry, URI admin, long pid) {}

  /**
   * One kind of round: delays in microseconds, how many changes it made, how long its rounds took
   * (pauses included), and the CPU time the control plane (-1 when not measured; {@code jitMillis}
   * of it in JIT compiler threads) and this client JVM spent over them.
   */
  public record Phase(
      String name,
      Histogram each,
      Histogram last,
      long changes,
      long millis,
      long cpuMillis,
      long jitMillis,
      long clientCpuMillis) {
    /**
     * The control plane's CPU time per change, less what it spends idle over the same time (its
     * timers and keep-alives; {@code idleMillisPerSecond}) and, unless {@code withJit}, less its
     * JIT compiler threads' time; NaN when not measured.
     */
    double cpuMillisPerChange(double idleMillisPerSecond, boolean withJit) {
      if (cpuMillis < 0 || changes == 0) {
        return Double.NaN;
      }
      long spent = withJit ? cpuMillis : cpuMillis - jitMillis;
      return Math.max(0, spent - idleMillisPerSecond * millis / 1000.0) / changes;
    }

    double clientCpuMillisPerChange() {
      return changes == 0 ? Double.NaN : clientCpuMillis / (double) changes;
    }
  }

  /**
   * The control plane's footprint at the end of the run and its CPU time per second while nothing
   * changes, all connected; -1 when not measured.
   */
  public record Footprint(
      long heapAfterGcBytes, long rssKib, long peakRssKib, double idleCpuMillisPerSecond) {
    static final Footprint UNKNOWN = new Footprint(-1, -1, -1, -1);
  }

  /** What a run found. */
  public record Result(
      Settings settings,
      int perStream,
      long setupMillis,
      long syncMillis,
      List<Phase> phases,
      long expected,
      long arrived,
      long missing,
      List<String> failures,
      Footprint footprint,
      Map<String, Double> metrics) {
    /** Every expected stream saw every change, and no stream failed. */
    public boolean converged() {
      return missing == 0 && arrived == expected && failures.isEmpty();
    }

    public Phase phase(String name) {
      return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    int streams = Integer.parseInt(options.getOrDefault("streams", "1000"));
    int services = Integer.parseInt(options.getOrDefault("services", "10000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "200"));
    Settings defaults = Settings.of(streams, services, rounds);
    Settings settings =
        new Settings(
            streams,
            services,
            Integer.parseInt(options.getOrDefault("per-stream", "0")),
            Integer.parseInt(options.getOrDefault("endpoints", "3")),
            rounds,
            Integer.parseInt(
                options.getOrDefault("fanout-rounds", Integer.toString(defaults.fanoutRounds()))),
            Integer.parseInt(options.getOrDefault("bursts", Integer.toString(defaults.bursts()))),
            Integer.parseInt(
                options.getOrDefault("burst-size", Integer.toString(defaults.burstSize()))),
            Integer.parseInt(options.getOrDefault("channels", "10")),
            Long.parseLong(options.getOrDefault("seed", "42")));
    String admin = options.get("admin");
    Target target =
        new Target(
            address(required(options, "xds")),
            address(required(options, "registry")),
            admin == null ? null : URI.create("http://" + admin),
            Long.parseLong(options.getOrDefault("pid", "0")));
    Result result = run(settings, target);
    print(result);
    if (!result.converged()) {
      System.exit(1);
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " host:port is required");
    }
    return value;
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  static void print(Result result) {
    Settings s = result.settings();
    System.out.printf(
        "streams=%d services=%d subscriptions/stream=%d endpoints/service=%d rounds=%d"
            + " fanout-rounds=%d bursts=%dx%d channels=%d%n",
        s.streams(),
        s.services(),
        result.perStream(),
        s.endpoints(),
        s.rounds(),
        s.fanoutRounds(),
        s.bursts(),
        s.burstSize(),
        s.channels());
    System.out.printf(
        "setup %d ms (publish every service, open every session); initial sync of every stream"
            + " %d ms%n",
        result.setupMillis(), result.syncMillis());
    for (Phase phase : result.phases()) {
      System.out.printf(
          "%-7s each  %s%n%-7s last  %s%n",
          phase.name(), summary(phase.each()), phase.name(), summary(phase.last()));
    }
    Footprint f = result.footprint();
    if (f.heapAfterGcBytes() >= 0) {
      StringBuilder cpu = new StringBuilder();
      StringBuilder withJit = new StringBuilder();
      for (Phase phase : result.phases()) {
        double idle = f.idleCpuMillisPerSecond();
        cpu.append(String.format(" %s=%.1f", phase.name(), phase.cpuMillisPerChange(idle, false)));
        withJit.append(
            String.format(" %s=%.1f", phase.name(), phase.cpuMillisPerChange(idle, true)));
      }
      System.out.printf(
          "control plane heap-after-gc=%.1fMiB rss=%dMiB peak-rss=%dMiB idle-cpu-ms/s=%.1f"
              + " cpu-ms/change:%s%n",
          f.heapAfterGcBytes() / 1048576.0,
          f.rssKib() / 1024,
          f.peakRssKib() / 1024,
          f.idleCpuMillisPerSecond(),
          cpu);
      System.out.printf("control plane with JIT compiler threads cpu-ms/change:%s%n", withJit);
    }
    StringBuilder client = new StringBuilder();
    for (Phase phase : result.phases()) {
      client.append(String.format(" %s=%.1f", phase.name(), phase.clientCpuMillisPerChange()));
    }
    System.out.printf("client cpu-ms/change:%s%n", client);
    if (!result.metrics().isEmpty()) {
      System.out.printf("control plane metrics %s%n", result.metrics());
    }
    System.out.printf(
        "converged %d of %d expected (missing %d)%s%n",
        result.arrived(),
        result.expected(),
        result.missing(),
        result.failures().isEmpty() ? "" : "; failures: " + result.failures());
  }

  static String summary(Histogram micros) {
    return String.format(
        "n=%d p50=%.1fms p99=%.1fms max=%.1fms",
        micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }

  static ServiceId service(int index) {
    return ServiceId.of(
        index == 0 ? "dev.weft.bench.Shared:1.0" : "dev.weft.bench.Svc" + index + ":1.0");
  }

  /** Service {@code index}'s list at generation {@code marker}: its last endpoint carries it. */
  static Publication publication(int index, int endpoints, int marker) {
    List<Endpoint> list = new ArrayList<>(endpoints);
    for (int e = 1; e <= endpoints; e++) {
      list.add(
          new Endpoint(
              "10." + (index >> 16 & 255) + "." + (index >> 8 & 255) + "." + (index & 255),
              e == endpoints ? MARKER_BASE + marker : 12200 + e,
              Protocol.BOLT,
              100,
              "",
              Map.of()));
    }
    return new Publication(service(index), "bench", "", list);
  }

  /** The services stream {@code stream} subscribes to: service 0, then a spread of the others. */
  static int[] subscriptions(Settings settings, int stream) {
    int perStream = settings.subscriptionsPerStream();
    int others = settings.services() - 1;
    int[] services = new int[perStream];
    for (int j = 1; j < perStream; j++) {
      services[j] = 1 + (int) (((long) stream * (perStream - 1) + j - 1) % others);
    }
    return services;
  }

  public static Result run(Settings settings, Target target) throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService closer = Executors.newFixedThreadPool(8);
    List<ManagedChannel> channels = new ArrayList<>();
    List<RegistrySession> sessions = new ArrayList<>();
    List<Sidecar> sidecars = new ArrayList<>();
    try {
      int channelCount = Math.max(1, Math.min(settings.streams(), settings.channels()));
      List<ManagedChannel> registry = new ArrayList<>();
      List<ManagedChannel> ads = new ArrayList<>();
      for (int i = 0; i < channelCount; i++) {
        registry.add(
            NettyChannelBuilder.forAddress(
                    target.registry().getHostString(), target.registry().getPort())
                .usePlaintext()
                .build());
        // Callbacks on the transport's threads: a response is decoded and ACKed as it arrives.
        ads.add(
            NettyChannelBuilder.forAddress(target.xds().getHostString(), target.xds().getPort())
                .usePlaintext()
                .directExecutor()
                .maxInboundMessageSize(64 << 20)
                .build());
      }
      channels.addAll(registry);
      channels.addAll(ads);
      return new Run(settings, target, scheduler, registry, ads, sessions, sidecars).measure();
    } finally {
      sidecars.forEach(Sidecar::close);
      CompletableFuture.allOf(
              sessions.stream()
                  .map(
                      s -> CompletableFuture.runAsync(() -> s.close(Duration.ofSeconds(2)), closer))
                  .toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      channels.forEach(ManagedChannel::shutdownNow);
      closer.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  /** One run's state. */
  private static final class Run {
    private final Settings settings;
    private final Target target;
    private final ScheduledExecutorService scheduler;
    private final List<ManagedChannel> registry;
    private final List<ManagedChannel> ads;
    private final List<RegistrySession> sessions;
    private final List<Sidecar> sidecars;
    private final List<RegistrySession> owners = new ArrayList<>();
    private final int[] generation;
    private final int[] subscribers;
    private final Changes changes = new Changes();
    private final Random random;
    private final ProcessProbe probe;
    private int[] subscribed;
    private long expected;

    Run(
        Settings settings,
        Target target,
        ScheduledExecutorService scheduler,
        List<ManagedChannel> registry,
        List<ManagedChannel> ads,
        List<RegistrySession> sessions,
        List<Sidecar> sidecars) {
      this.settings = settings;
      this.target = target;
      this.scheduler = scheduler;
      this.registry = registry;
      this.ads = ads;
      this.sessions = sessions;
      this.sidecars = sidecars;
      this.generation = new int[settings.services()];
      this.subscribers = new int[settings.services()];
      this.random = new Random(settings.seed());
      this.probe = target.pid() > 0 ? new ProcessProbe(target.pid()) : null;
    }

    Result measure() throws Exception {
      long setupStart = System.nanoTime();
      publishAll();
      int perStream = settings.subscriptionsPerStream();
      List<int[]> plan = new ArrayList<>();
      for (int i = 0; i < settings.streams(); i++) {
        int[] mine = subscriptions(settings, i);
        plan.add(mine);
        for (int service : mine) {
          subscribers[service]++;
        }
      }
      subscribed =
          java.util.stream.IntStream.range(1, settings.services())
              .filter(s -> subscribers[s] > 0)
              .toArray();
      if (subscribed.length < settings.burstSize()) {
        throw new IllegalArgumentException(
            "only " + subscribed.length + " services have subscribers; burst size too large");
      }
      subscribeAll(plan);
      long setupMillis = millisSince(setupStart);

      long syncStart = System.nanoTime();
      CountDownLatch synced = new CountDownLatch(settings.streams());
      for (int i = 0; i < settings.streams(); i++) {
        List<String> names = new ArrayList<>();
        for (int service : plan.get(i)) {
          names.add(service(service).dataId());
        }
        Sidecar sidecar = new Sidecar("sidecar-" + i, plan.get(i), names, changes, synced);
        sidecars.add(sidecar);
        sidecar.open(ads.get(i % ads.size()));
      }
      if (!synced.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            synced.getCount() + " streams had no full EDS answer in 300 s; " + failures());
      }
      long syncMillis = millisSince(syncStart);

      // Warm-up (JIT, buffers, the control plane's memo): not recorded.
      Histogram ignored = new Histogram(3);
      for (int round = 0; round < settings.warmup(); round++) {
        round(List.of(randomService()), ignored, ignored, 100);
      }
      for (int round = 0; round < Math.max(5, settings.fanoutRounds() / 2); round++) {
        round(List.of(0), ignored, ignored, 100);
      }
      for (int round = 0; round < Math.min(3, Math.max(1, settings.bursts())); round++) {
        round(randomServices(settings.burstSize()), ignored, ignored, 1000);
      }

      double idle = -1;
      if (probe != null) {
        // The control plane's CPU time while all is connected and nothing changes, JIT aside.
        long idleStart = System.nanoTime();
        long before = probe.cpuMillis();
        Map<Long, Long> jitBefore = probe.compilerCpuMillis();
        TimeUnit.SECONDS.sleep(3);
        long jit = ProcessProbe.compilerDelta(jitBefore, probe.compilerCpuMillis());
        // Clock ticks are 10 ms: the difference can come out a tick below zero.
        idle = Math.max(0, probe.cpuMillis() - before - jit) * 1000.0 / millisSince(idleStart);
      }

      List<Phase> phases = new ArrayList<>();
      phases.add(phase("single", settings.rounds(), () -> List.of(randomService()), 100));
      phases.add(phase("fanout", settings.fanoutRounds(), () -> List.of(0), 100));
      phases.add(
          phase("burst", settings.bursts(), () -> randomServices(settings.burstSize()), 1000));

      Footprint footprint = Footprint.UNKNOWN;
      if (probe != null) {
        footprint =
            new Footprint(
                probe.heapAfterGc(), probe.statusKib("VmRSS"), probe.statusKib("VmHWM"), idle);
      }
      return new Result(
          settings,
          perStream,
          setupMillis,
          syncMillis,
          phases,
          expected,
          changes.arrivals(),
          changes.missing(),
          failures(),
          footprint,
          metrics());
    }

    private interface Pick {
      List<Integer> next();
    }

    private Phase phase(String name, int rounds, Pick pick, long pauseMillis) throws Exception {
      Histogram each = new Histogram(3);
      Histogram last = new Histogram(3);
      long changed = 0;
      long start = System.nanoTime();
      long cpuBefore = probe == null ? -1 : probe.cpuMillis();
      Map<Long, Long> jitBefore = probe == null ? Map.of() : probe.compilerCpuMillis();
      long clientBefore = clientCpuNanos();
      for (int round = 0; round < rounds; round++) {
        List<Integer> services = pick.next();
        round(services, each, last, pauseMillis);
        changed += services.size();
      }
      long cpu = probe == null ? -1 : probe.cpuMillis() - cpuBefore;
      long jit =
          probe == null ? 0 : ProcessProbe.compilerDelta(jitBefore, probe.compilerCpuMillis());
      long client = (clientCpuNanos() - clientBefore) / 1_000_000;
      return new Phase(name, each, last, changed, millisSince(start), cpu, jit, client);
    }

    /** Changes {@code services} back to back, waits for every subscriber, then pauses. */
    private void round(List<Integer> services, Histogram each, Histogram last, long pauseMillis)
        throws Exception {
      List<CompletableFuture<Void>> published = new ArrayList<>();
      long start = System.nanoTime();
      boolean first = true;
      for (int service : services) {
        int marker = ++generation[service];
        long at = changes.expect(service, marker, subscribers[service], each);
        if (first) {
          start = at;
          first = false;
        }
        expected += subscribers[service];
        published.add(owner(service).publish(publication(service, settings.endpoints(), marker)));
      }
      CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
          .get(ROUND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long lastAt = changes.awaitAll(ROUND_TIMEOUT);
      if (lastAt - start > 0) {
        last.recordValue((lastAt - start) / 1000);
      }
      // Rounds apart by more than the push quiet time: each change comes after a quiet period.
      TimeUnit.MILLISECONDS.sleep(pauseMillis);
    }

    /** A service other than the shared one, among those with a subscriber. */
    private int randomService() {
      return subscribed[random.nextInt(subscribed.length)];
    }

    private List<Integer> randomServices(int count) {
      Set<Integer> picked = new LinkedHashSet<>();
      while (picked.size() < count) {
        picked.add(randomService());
      }
      return List.copyOf(picked);
    }

    private RegistrySession owner(int service) {
      return owners.get(service % owners.size());
    }

    /** Every service through a few provider sessions, 256 publishes in flight. */
    private void publishAll() throws Exception {
      int providers = Math.min(10, settings.services());
      for (int p = 0; p < providers; p++) {
        RegistrySession provider =
            new RegistrySession(
                registry.get(p % registry.size()), scheduler, "provider-" + p, "", s -> {});
        sessions.add(provider);
        owners.add(provider);
      }
      Semaphore inFlight = new Semaphore(256);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int s = 0; s < settings.services(); s++) {
        inFlight.acquire();
        CompletableFuture<Void> done = owner(s).publish(publication(s, settings.endpoints(), 0));
        done.whenComplete((v, e) -> inFlight.release());
        all.add(done);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    }

    /** One session per sidecar under its node id; returns once every first list has arrived. */
    private void subscribeAll(List<int[]> plan) throws Exception {
      int total = plan.stream().mapToInt(p -> p.length).sum();
      CountDownLatch lists = new CountDownLatch(total);
      for (int i = 0; i < plan.size(); i++) {
        String node = "sidecar-" + i;
        RegistrySession session =
            new RegistrySession(
                registry.get(i % registry.size()), scheduler, node, "", node, s -> {});
        sessions.add(session);
        for (int service : plan.get(i)) {
          AtomicBoolean first = new AtomicBoolean(true);
          session.subscribe(
              service(service),
              Scope.SCOPE_DATA_CENTER,
              list -> {
                if (first.compareAndSet(true, false)) {
                  lists.countDown();
                }
              });
        }
      }
      if (!lists.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException(lists.getCount() + " subscriptions had no list in 300 s");
      }
    }

    private List<String> failures() {
      List<String> failures = new ArrayList<>();
      for (Sidecar sidecar : sidecars) {
        if (sidecar.failure() != null) {
          failures.add(sidecar.failure());
        }
      }
      return failures.size() > 5 ? failures.subList(0, 5) : failures;
    }

    /** The control plane's own counters, from its admin API's /metrics. */
    private Map<String, Double> metrics() throws IOException, InterruptedException {
      Map<String, Double> metrics = new java.util.TreeMap<>();
      if (target.admin() == null) {
        return metrics;
      }
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(target.admin().resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      for (String line : response.body().split("\n")) {
        String[] parts = line.split(" ");
        if (parts.length == 2
            && !line.startsWith("#")
            && (parts[0].endsWith("_total")
                || parts[0].equals("weft_xds_connected_streams")
                || parts[0].startsWith("weft_xds_convergence_seconds_"))
            && !parts[0].contains("_bucket")) {
          metrics.put(parts[0], Double.parseDouble(parts[1]));
        }
      }
      return metrics;
    }
  }

  private static long clientCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
