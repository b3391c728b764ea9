package dev.weft.dataplane.server;

import dev.weft.dataplane.accesslog.AccessLogFactory;
import dev.weft.dataplane.accesslog.AccessLogFormat;
import dev.weft.dataplane.admin.AdminServer;
import dev.weft.dataplane.admin.AdminSource;
import dev.weft.dataplane.admin.ServerState;
import dev.weft.dataplane.admin.XdsStatus;
import dev.weft.dataplane.config.AdminConfig;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.mosn.MosnVocabulary;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.network.EventLoops;
import dev.weft.dataplane.network.ListenerContext;
import dev.weft.dataplane.network.ListenerRuntime;
import dev.weft.dataplane.network.NetworkFilter;
import dev.weft.dataplane.network.NetworkFilterFactory;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.proxy.ProxyServices;
import dev.weft.dataplane.router.Router;
import dev.weft.dataplane.router.RouterTables;
import dev.weft.dataplane.stats.Gauge;
import dev.weft.dataplane.stats.Stats;
import dev.weft.dataplane.stream.StreamFilterFactory;
import dev.weft.dataplane.upstream.Cluster;
import dev.weft.dataplane.upstream.ClusterManager;
import dev.weft.dataplane.upstream.ClusterType;
import dev.weft.dataplane.upstream.ConnectionPools;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sidecar: the composition root. {@link #create} wires the parts without binding anything, so a
 * config can be checked against its registries first; {@link #start} applies the config and binds
 * the listeners, all or none.
 */
public final class Sidecar implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sidecar.class);
  private final EventLoops loops;
  private final Stats stats = new Stats();
  private final Extensions extensions;
  private final ClusterManager clusters;
  private final RouterTables routers = new RouterTables();
  private final ConnectionPools pools;
  private final AccessLogFactory accessLogs;
  private static final long DRAIN_POLL_NANOS = 20_000_000;

  /** How long connections of a removed listener may finish their work. */
  public static final Duration DRAIN_GRACE = Duration.ofSeconds(10);

  /** Longest a config update waits for the worker loops to finish their current tasks. */
  private static final Duration LOOP_PASS_WAIT = Duration.ofSeconds(2);

  private final ListenerSet listeners = new ListenerSet();
  private final AtomicReference<SidecarConfig> config = new AtomicReference<>();

  /** Clusters and route tables dropped while removed listeners drain, kept until drainingUntil. */
  private Map<String, ClusterConfig> keptClusters = Map.of();

  private Map<String, RouterConfig> keptRouters = Map.of();
  private long drainingUntil = System.nanoTime();

  /** Counts applied updates, so a deferred cluster removal can tell that one came since. */
  private long generation;

  private final SidecarOptions options;
  private volatile ServerState state = ServerState.INIT;
  private volatile Supplier<XdsStatus> xds;
  private AdminServer admin;

  private Sidecar(SidecarOptions options) {
    this.options = options;
    this.loops = EventLoops.create(options.transport(), options.workers());
    ProtocolRegistry protocols = BuiltinProtocols.create(stats);
    Registry<LoadBalancerFactory> loadBalancers = BuiltinLoadBalancers.create();
    Registry<ClusterType> clusterTypes = BuiltinClusterTypes.create();
    this.clusters = new ClusterManager(clusterTypes, loadBalancers, stats);
    this.pools = new ConnectionPools(loops);
    clusters.onHostsRemoved(pools::drain);
    Registry<StreamFilterFactory> streamFilters = BuiltinStreamFilters.create();
    this.accessLogs = BuiltinAccessLogs.create(stats);
    ProxyServices services =
        new ProxyServices(
            protocols, routers, clusters, pools, loops, streamFilters, accessLogs, stats);
    Registry<NetworkFilterFactory> networkFilters = BuiltinNetworkFilters.create(services);
    this.extensions =
        new Extensions(protocols, networkFilters, streamFilters, loadBalancers, clusterTypes);
  }

  /** A sidecar with its registries and event loops, serving nothing yet. */
  public static Sidecar create(SidecarOptions options) {
    return new Sidecar(options);
  }

  public Extensions extensions() {
    return extensions;
  }

  /** The names a MOSN config may use with this sidecar, for {@code MosnConfigLoader}. */
  public MosnVocabulary mosnVocabulary() {
    return new MosnVocabulary(
        extensions.protocols().registry(),
        extensions.networkFilters(),
        extensions.streamFilters(),
        extensions.loadBalancers(),
        extensions.clusterTypes(),
        format -> {
          if (!format.isEmpty()) {
            AccessLogFormat.parse(format);
          }
        });
  }

  public Stats stats() {
    return stats;
  }

  /** The config being served. */
  public SidecarConfig config() {
    return config.get();
  }

  /**
   * Applies {@code config} and binds every listener. If one cannot bind, those already bound are
   * closed and the failure (naming the listener and address) is thrown.
   */
  public synchronized void start(SidecarConfig config) {
    boolean adminStarted = startAdmin(config);
    try {
      update(config);
    } catch (RuntimeException e) {
      if (adminStarted) {
        stopAdmin();
      }
      throw e;
    }
    state = ServerState.RUNNING;
  }

  /**
   * Replaces the whole config while serving: clusters, route tables and listeners change together,
   * or not at all if anything in {@code next} cannot be built or bound. Requests in flight finish
   * on what they started with; new requests see the new config. A removed listener stops accepting
   * and its connections close after {@link #DRAIN_GRACE}. Until then they may still send requests,
   * so the clusters and route tables a config drops while such connections drain (in the same
   * update or a later one: over xDS, LDS and CDS arrive apart) stay until the grace ends. Clusters
   * the new config drops leave only after every worker loop has finished the task it was running
   * when the new route tables went in, so the call waits for that (at most {@link
   * #LOOP_PASS_WAIT}); call it off the worker loops.
   */
  public synchronized void update(SidecarConfig next) {
    long now = System.nanoTime();
    long drainUntil =
        listeners.drainsConnections(next.listeners())
            ? now + DRAIN_GRACE.toNanos()
            : this.drainingUntil;
    boolean draining = drainUntil - now > 0;
    SidecarConfig current = config.get();
    Map<String, ClusterConfig> keepClusters =
        draining
            ? dropped(
                keptClusters,
                current,
                SidecarConfig::clusters,
                next.clusters(),
                ClusterConfig::name)
            : Map.of();
    Map<String, RouterConfig> keepRouters =
        draining
            ? dropped(
                keptRouters, current, SidecarConfig::routers, next.routers(), RouterConfig::name)
            : Map.of();
    List<ClusterConfig> serving = new ArrayList<>(next.clusters());
    serving.addAll(keepClusters.values());
    List<RouterConfig> routing = new ArrayList<>(keepRouters.values());
    routing.addAll(next.routers());

    // Make before break: the new clusters join the old ones first, so a request routed by either
    // route table finds its cluster; the old ones leave once the new routes are in.
    ClusterManager.Prepared bridging = clusters.prepare(union(serving));
    ClusterManager.Prepared preparedClusters = clusters.prepare(serving);
    Map<String, Router> compiledRoutes = RouterTables.compile(routing);
    ListenerSet.Plan plan =
        listeners.plan(
            next.listeners(),
            listener -> {
              ListenerContext context = context(listener);
              return new ListenerRuntime(listener, filterFor(listener, context), context);
            },
            listener -> filterFor(listener, context(listener)));
    clusters.commit(bridging);
    routers.install(compiledRoutes);
    awaitLoopsPassed();
    clusters.commit(preparedClusters);
    plan.commit(DRAIN_GRACE);
    this.config.set(next);
    this.generation++;
    this.drainingUntil = drainUntil;
    this.keptClusters = keepClusters;
    this.keptRouters = keepRouters;
    if (!keepClusters.isEmpty() || !keepRouters.isEmpty()) {
      loops.acceptors().schedule(this::dropKept, drainUntil - now, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * What {@code current} has and {@code next} drops, plus what was kept before and {@code next}
   * does not bring back.
   */
  private static <T> Map<String, T> dropped(
      Map<String, T> kept,
      SidecarConfig current,
      Function<SidecarConfig, List<T>> of,
      List<T> next,
      Function<T, String> name) {
    Map<String, T> dropped = new LinkedHashMap<>(kept);
    if (current != null) {
      of.apply(current).forEach(item -> dropped.put(name.apply(item), item));
    }
    next.forEach(item -> dropped.remove(name.apply(item)));
    return Map.copyOf(dropped);
  }

  /** Once removed listeners have drained, the clusters and route tables kept for them go. */
  private synchronized void dropKept() {
    if (state == ServerState.QUITTING
        || (keptClusters.isEmpty() && keptRouters.isEmpty())
        || drainingUntil - System.nanoTime() > 0) {
      return;
    }
    SidecarConfig current = config.get();
    ClusterManager.Prepared prepared = clusters.prepare(current.clusters());
    Map<String, Router> compiled = RouterTables.compile(current.routers());
    keptClusters = Map.of();
    keptRouters = Map.of();
    routers.install(compiled);
    long routedBy = generation;
    // This runs on the acceptor loop, which must not wait for the workers: the clusters go once
    // they have passed, unless an update came first and put its own clusters in. That goes back to
    // the acceptor loop, never a worker's: an update holding this lock may be waiting for them.
    loops.pass().thenRunAsync(() -> dropKeptClusters(prepared, routedBy), loops.acceptors().next());
  }

  private synchronized void dropKeptClusters(ClusterManager.Prepared prepared, long routedBy) {
    if (generation == routedBy && state != ServerState.QUITTING) {
      clusters.commit(prepared);
    }
  }

  /**
   * Waits until every worker loop has finished what it was doing when new route tables went in: a
   * request routes and then looks its cluster up in one task, so after this no request still holds
   * a route to a cluster about to go.
   */
  private void awaitLoopsPassed() {
    try {
      loops.pass().get(LOOP_PASS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("event loops did not pass within {} before clusters were removed", LOOP_PASS_WAIT);
    }
  }

  /** {@code next}, plus the clusters serving now that {@code next} drops. */
  private List<ClusterConfig> union(List<ClusterConfig> next) {
    Map<String, ClusterConfig> all = new LinkedHashMap<>();
    for (Cluster cluster : clusters.all()) {
      all.put(cluster.config().name(), cluster.config());
    }
    next.forEach(cluster -> all.put(cluster.name(), cluster));
    return List.copyOf(all.values());
  }

  private ListenerContext context(ListenerConfig listener) {
    return new ListenerContext(listener, stats.listener(listener.name()), loops);
  }

  private NetworkFilter filterFor(ListenerConfig listener, ListenerContext context) {
    List<NetworkFilter> filters = new ArrayList<>();
    for (FilterConfig filter : listener.networkFilters()) {
      filters.add(
          extensions.networkFilters().require(filter.type()).create(filter.config(), context));
    }
    if (filters.size() == 1) {
      return filters.get(0);
    }
    return channel -> filters.forEach(f -> f.onNewConnection(channel));
  }

  /**
   * Under a control plane: the xDS client's state, which the admin API then reports ({@code /ready}
   * only once the first full config is applied, the {@code xds} section of {@code config_dump}).
   * Call before {@link #start}, so that {@code /ready} never says ready too early.
   */
  public void reportXds(Supplier<XdsStatus> status) {
    this.xds = status;
  }

  /** Where listener {@code name} is bound. */
  public InetSocketAddress listenerAddress(String name) {
    return listeners.address(name);
  }

  @Override
  public synchronized void close() {
    close(Duration.ZERO);
  }

  /**
   * Stops accepting, lets requests in flight finish for up to {@code drain}, then closes
   * everything.
   */
  public synchronized void close(Duration drain) {
    if (state == ServerState.QUITTING) {
      return;
    }
    state = ServerState.QUITTING;
    listeners.all().forEach(ListenerRuntime::stopAccepting);
    Gauge active = stats.proxyGlobal().gauge("request_active");
    long deadline = System.nanoTime() + drain.toNanos();
    while (active.get() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(DRAIN_POLL_NANOS);
    }
    listeners.closeAll();
    pools.closeAll();
    loops.close();
    accessLogs.close();
    stopAdmin();
  }

  // ---- Admin API wiring ----
  // The admin server starts first in start(config), so /ready answers 503 while listeners bind,
  // and stops last in close(), so /ready answers 503 while they drain; after close() the admin
  // port is closed (connection refused). A failed start() closes it again: all or none.

  /** Where the admin API is bound; empty when neither the options nor the config ask for one. */
  public synchronized Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(admin).map(AdminServer::localAddress);
  }

  /** Starts the admin API if one is asked for and not yet running; true if it started it. */
  private boolean startAdmin(SidecarConfig config) {
    Optional<HostPort> address =
        options.adminAddress().or(() -> config.admin().map(AdminConfig::address));
    if (admin != null || address.isEmpty()) {
      return false;
    }
    AdminSource source =
        AdminSource.of(
            this.config::get,
            () -> state,
            stats,
            options.logLevels(),
            () -> Optional.ofNullable(xds).map(Supplier::get));
    admin = AdminServer.start(address.get(), source);
    return true;
  }

  private void stopAdmin() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
