package dev.weft.controlplane.xds;

import com.google.protobuf.Message;
import dev.weft.controlplane.mesh.MeshSource;
import dev.weft.registry.model.Subscription;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ADS server: state-of-the-world and delta ADS plus the per-type services, on
 * java-control-plane's {@link V3DiscoveryServer} over grpc-netty-shaded, fed by Weft's own watcher.
 */
public final class XdsServer implements AutoCloseable {
  /** How long a node that said it opens a registry session may take to open it. */
  public static final Duration DEFAULT_SESSION_GRACE = Duration.ofSeconds(3);

  private final Server server;
  private final StreamTracker streams;
  private final XdsStats stats = new XdsStats();
  private final ExecutorService pool;
  private final ScheduledExecutorService scheduler;
  private final MeshSource mesh;

  /**
   * How long a connection may be quiet before the server pings its client. A sidecar whose host
   * vanished (no FIN or RST ever comes) would otherwise keep its streams, and their watches, here
   * until TCP gave up; an unanswered ping ({@link #KEEPALIVE_TIMEOUT}) closes the connection.
   * Clients answer a server's pings whatever their own keepalive policy.
   */
  public static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);

  /** How long the server waits for a ping's answer. */
  public static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

  private XdsServer(
      InetSocketAddress address,
      ResourceSource source,
      MeshSource mesh,
      Duration sessionGrace,
      Duration keepAliveTime,
      Duration keepAliveTimeout)
      throws IOException {
    this.mesh = mesh;
    AtomicInteger threads = new AtomicInteger();
    int size = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.pool =
        Executors.newFixedThreadPool(
            size, r -> daemon(r, "weft-xds-push-" + threads.incrementAndGet()));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "weft-xds-timer"));
    InterestIndex interests = new InterestIndex();
    StreamPass pass =
        new StreamPass(
            source, mesh, new ResourceHash(), stats, scheduler, sessionGrace, interests::update);
    this.streams = new StreamTracker(stats, pool, pass::run, interests);
    AdsWatcher watcher = new AdsWatcher(streams, interests);
    mesh.addListener(watcher);
    V3DiscoveryServer discovery =
        new V3DiscoveryServer(
            List.of(streams),
            watcher,
            new DefaultExecutorGroup(),
            new CachedProtoResourcesSerializer());
    this.server =
        NettyServerBuilder.forAddress(address)
            .addService(discovery.getAggregatedDiscoveryServiceImpl())
            .addService(discovery.getClusterDiscoveryServiceImpl())
            .addService(discovery.getEndpointDiscoveryServiceImpl())
            .addService(discovery.getListenerDiscoveryServiceImpl())
            .addService(discovery.getRouteDiscoveryServiceImpl())
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .build()
            .start();
  }

  public static XdsServer start(
      InetSocketAddress address, ResourceSource source, MeshSource mesh, Duration sessionGrace)
      throws IOException {
    return start(address, source, mesh, sessionGrace, KEEPALIVE_TIME, KEEPALIVE_TIMEOUT);
  }

  /**
   * As {@link #start(InetSocketAddress, ResourceSource, MeshSource, Duration)}, pinging clients on
   * other times.
   */
  static XdsServer start(
      InetSocketAddress address,
      ResourceSource source,
      MeshSource mesh,
      Duration sessionGrace,
      Duration keepAliveTime,
      Duration keepAliveTimeout)
      throws IOException {
    return new XdsServer(address, source, mesh, sessionGrace, keepAliveTime, keepAliveTimeout);
  }

  public int port() {
    return server.getPort();
  }

  public XdsStats stats() {
    return stats;
  }

  /** How many streams are connected. */
  public int streamCount() {
    return streams.all().size();
  }

  /** Whether a stream of node {@code nodeId} is connected; cheap, builds no status. */
  public boolean isConnected(String nodeId) {
    return streams.all().stream().anyMatch(s -> s.node.id().equals(nodeId));
  }

  /** Connected streams, oldest first. */
  public List<StreamStatus> streams() {
    return streams.all().stream()
        .sorted(Comparator.comparingLong(s -> s.id))
        .map(
            s ->
                s.status(
                    mesh.demand(s.node.id()).stream()
                        .flatMap(d -> d.subscriptions().stream())
                        .map(Subscription::service)
                        .map(Object::toString)
                        .sorted()
                        .toList()))
        .toList();
  }

  /** What the node's streams were last sent, by type URL and name; empty if it is not connected. */
  public Map<String, Map<String, Message>> config(String nodeId) {
    Map<String, Map<String, Message>> config = new LinkedHashMap<>();
    for (XdsStream stream : streams.ofNode(nodeId)) {
      synchronized (stream) {
        for (var type : XdsTypes.IN_ORDER) {
          TypeState state = stream.typeIfPresent(type);
          if (state != null) {
            config.computeIfAbsent(XdsTypes.url(type), t -> new TreeMap<>()).putAll(state.sent);
          }
        }
      }
    }
    return config;
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
    scheduler.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }
}
