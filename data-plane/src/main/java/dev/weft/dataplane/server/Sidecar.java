package dev.weft.dataplane.server;

import dev.weft.dataplane.accesslog.AccessLogFactory;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.network.EventLoops;
import dev.weft.dataplane.network.ListenerContext;
import dev.weft.dataplane.network.ListenerRuntime;
import dev.weft.dataplane.network.NetworkFilter;
import dev.weft.dataplane.network.NetworkFilterFactory;
import dev.weft.dataplane.protocol.ProtocolRegistry;
import dev.weft.dataplane.proxy.ProxyServices;
import dev.weft.dataplane.router.RouterTables;
import dev.weft.dataplane.stats.Stats;
import dev.weft.dataplane.stream.StreamFilterFactory;
import dev.weft.dataplane.upstream.ClusterManager;
import dev.weft.dataplane.upstream.ClusterType;
import dev.weft.dataplane.upstream.ConnectionPools;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sidecar: the composition root. {@link #create} wires the parts without binding anything, so a
 * config can be checked against its registries first; {@link #start} applies the config and binds
 * the listeners, all or none.
 */
public final class Sidecar implements AutoCloseable {
  private final EventLoops loops;
  private final Stats stats = new Stats();
  private final Extensions extensions;
  private final ClusterManager clusters;
  private final RouterTables routers = new RouterTables();
  private final ConnectionPools pools;
  private final AccessLogFactory accessLogs;
  private final Map<String, ListenerRuntime> listeners = new LinkedHashMap<>();
  private final AtomicReference<SidecarConfig> config = new AtomicReference<>();

  private Sidecar(SidecarOptions options) {
    this.loops = EventLoops.create(options.transport(), options.workers());
    ProtocolRegistry protocols = BuiltinProtocols.create(stats);
    Registry<LoadBalancerFactory> loadBalancers = BuiltinLoadBalancers.create();
    Registry<ClusterType> clusterTypes = BuiltinClusterTypes.create();
    this.clusters = new ClusterManager(clusterTypes, loadBalancers, stats);
    this.pools = new ConnectionPools(loops);
    clusters.onHostsRemoved(pools::drain);
    Registry<StreamFilterFactory> streamFilters = BuiltinStreamFilters.create();
    this.accessLogs = BuiltinAccessLogs.create();
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
    clusters.replaceAll(config.clusters());
    routers.replaceAll(config.routers());
    List<ListenerRuntime> bound = new ArrayList<>();
    try {
      for (ListenerConfig listener : config.listeners()) {
        ListenerContext context =
            new ListenerContext(listener, stats.listener(listener.name()), loops);
        ListenerRuntime runtime =
            new ListenerRuntime(listener, filterFor(listener, context), context);
        runtime.bind();
        bound.add(runtime);
      }
    } catch (RuntimeException e) {
      bound.forEach(ListenerRuntime::close);
      throw e;
    }
    bound.forEach(runtime -> listeners.put(runtime.name(), runtime));
    this.config.set(config);
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

  /** Where listener {@code name} is bound. */
  public InetSocketAddress listenerAddress(String name) {
    ListenerRuntime runtime = listeners.get(name);
    if (runtime == null) {
      throw new IllegalArgumentException("no listener '" + name + "'");
    }
    return runtime.localAddress();
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(ListenerRuntime::stopAccepting);
    listeners.values().forEach(ListenerRuntime::close);
    listeners.clear();
    pools.closeAll();
    loops.close();
  }
}
