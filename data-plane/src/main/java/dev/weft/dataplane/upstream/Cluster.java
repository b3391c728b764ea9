package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig;
import java.util.List;

/**
 * One cluster as of one config version: its hosts and the balancer over them, plus the breaker and
 * metrics that outlive versions. Immutable; an update builds a new one.
 */
public final class Cluster {
  private final ClusterConfig config;
  private final List<Host> hosts;
  private final LoadBalancer loadBalancer;
  private final CircuitBreaker circuitBreaker;
  private final ClusterStats stats;

  public Cluster(
      ClusterConfig config,
      List<Host> hosts,
      LoadBalancer loadBalancer,
      CircuitBreaker circuitBreaker,
      ClusterStats stats) {
    this.config = config;
    this.hosts = List.copyOf(hosts);
    this.loadBalancer = loadBalancer;
    this.circuitBreaker = circuitBreaker;
    this.stats = stats;
  }

  public String name() {
    return config.name();
  }

  public ClusterConfig config() {
    return config;
  }

  public List<Host> hosts() {
    return hosts;
  }

  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  public ClusterStats stats() {
    return stats;
  }

  /** A healthy host for a request, or null when there is none. */
  public Host choose(LbContext context) {
    return loadBalancer.choose(context);
  }

  public boolean hasHealthyHost() {
    for (Host host : hosts) {
      if (host.isHealthy()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Cluster[" + name() + " " + hosts + "]";
  }
}
