package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.stats.Stats;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The clusters the proxy forwards to, as one immutable map replaced atomically. Updates are built
 * off the event loops; requests already running keep the cluster object they started with.
 */
public final class ClusterManager {
  private final Registry<ClusterType> clusterTypes;
  private final Registry<LoadBalancerFactory> loadBalancers;
  private final Stats stats;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, ClusterStats> clusterStats = new ConcurrentHashMap<>();
  private final List<Consumer<Collection<Host>>> removedHostListeners =
      new CopyOnWriteArrayList<>();
  private volatile Map<String, Cluster> clusters = Map.of();

  public ClusterManager(
      Registry<ClusterType> clusterTypes,
      Registry<LoadBalancerFactory> loadBalancers,
      Stats stats) {
    this.clusterTypes = clusterTypes;
    this.loadBalancers = loadBalancers;
    this.stats = stats;
  }

  /** The cluster called {@code name} now, or null. */
  public Cluster get(String name) {
    return clusters.get(name);
  }

  public Collection<Cluster> all() {
    return clusters.values();
  }

  /** Called with hosts that left every cluster, so their pooled connections can drain. */
  public void onHostsRemoved(Consumer<Collection<Host>> listener) {
    removedHostListeners.add(listener);
  }

  /**
   * Replaces every cluster with {@code configs}. Everything is built before anything changes; an
   * unknown type or balancer name throws and leaves the current clusters in place.
   */
  public synchronized void replaceAll(List<ClusterConfig> configs) {
    commit(prepare(configs));
  }

  /**
   * Builds every cluster of {@code configs} without changing anything visible: an unknown type or
   * balancer name throws here, before {@link #commit} swaps them in.
   */
  public synchronized Prepared prepare(List<ClusterConfig> configs) {
    Map<String, Host> previousHosts = hostsByKey(clusters.values());
    Map<String, Cluster> next = new LinkedHashMap<>();
    for (ClusterConfig config : configs) {
      ClusterType type = clusterTypes.require(config.type());
      List<Host> hosts = type.initialHosts(config, h -> reuse(previousHosts, h));
      next.put(config.name(), build(config, hosts));
    }
    return new Prepared(next);
  }

  /** Swaps in clusters built by {@link #prepare}; requests already running keep the old ones. */
  public synchronized void commit(Prepared prepared) {
    for (Cluster cluster : prepared.clusters.values()) {
      cluster.circuitBreaker().setLimits(cluster.config().circuitBreakers());
    }
    swap(prepared.clusters);
  }

  /** Clusters built and checked, not yet serving. */
  public static final class Prepared {
    private final Map<String, Cluster> clusters;

    private Prepared(Map<String, Cluster> clusters) {
      this.clusters = clusters;
    }
  }

  /** Replaces the hosts of one cluster (endpoint discovery). */
  public synchronized void updateHosts(String name, List<ClusterConfig.HostConfig> hosts) {
    Cluster current = clusters.get(name);
    if (current == null) {
      throw new IllegalArgumentException("no cluster '" + name + "'");
    }
    Map<String, Host> previousHosts = hostsByKey(clusters.values());
    List<Host> resolved = new ArrayList<>();
    for (ClusterConfig.HostConfig host : hosts) {
      resolved.add(reuse(previousHosts, host));
    }
    Map<String, Cluster> next = new LinkedHashMap<>(clusters);
    next.put(name, build(current.config(), resolved));
    swap(next);
  }

  private Cluster build(ClusterConfig config, List<Host> hosts) {
    LoadBalancerFactory policy = loadBalancers.require(config.lbType());
    ClusterStats clusterStats =
        this.clusterStats.computeIfAbsent(config.name(), n -> new ClusterStats(stats.cluster(n)));
    // With lb_subset_config, the policy runs inside each subset of the hosts.
    LoadBalancer lb =
        config
            .subset()
            .map(
                subset ->
                    SubsetLoadBalancer.create(
                        policy, config, subset, hosts, clusterStats.lbSubsetsFallback::inc))
            .orElseGet(() -> policy.create(config, hosts));
    CircuitBreaker breaker =
        breakers.computeIfAbsent(config.name(), n -> new CircuitBreaker(config.circuitBreakers()));
    return new Cluster(config, hosts, lb, breaker, clusterStats);
  }

  private void swap(Map<String, Cluster> next) {
    Set<Host> before = identitySet(clusters.values());
    clusters = Map.copyOf(next);
    before.removeAll(identitySet(next.values()));
    if (!before.isEmpty()) {
      List<Host> removed = List.copyOf(before);
      removed.forEach(Host::markRemoved);
      removedHostListeners.forEach(listener -> listener.accept(removed));
    }
  }

  private static Set<Host> identitySet(Collection<Cluster> clusters) {
    Set<Host> hosts = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Cluster cluster : clusters) {
      hosts.addAll(cluster.hosts());
    }
    return hosts;
  }

  private static Host reuse(Map<String, Host> previous, ClusterConfig.HostConfig config) {
    Host candidate = newHost(config);
    Host existing = previous.get(key(candidate));
    return existing != null && existing.sameAs(candidate) ? existing : candidate;
  }

  private static Host newHost(ClusterConfig.HostConfig config) {
    HostPort address = config.address();
    InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.port());
    if (socketAddress.isUnresolved()) {
      throw new IllegalArgumentException("host " + address + " does not resolve");
    }
    return new Host(
        address,
        socketAddress,
        config.weight(),
        config.metadata(),
        config.metadata().getOrDefault("zone", ""));
  }

  private static Map<String, Host> hostsByKey(Collection<Cluster> clusters) {
    Map<String, Host> hosts = new HashMap<>();
    for (Cluster cluster : clusters) {
      for (Host host : cluster.hosts()) {
        hosts.put(key(host), host);
      }
    }
    return hosts;
  }

  private static String key(Host host) {
    return host.address().toString();
  }
}
