package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code LB_ROUNDROBIN}: each healthy host in turn; weights are ignored, as in MOSN.
 *
 * <p>A turn that lands on an unhealthy or already tried host is used up and the next turn taken, so
 * a host that is down hands its turns evenly to the others rather than all to its neighbour. One
 * atomic increment per turn, no lock.
 */
public final class RoundRobinLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_ROUNDROBIN";

  private final List<Host> hosts;
  private final AtomicInteger next = new AtomicInteger();

  RoundRobinLoadBalancer(List<Host> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public Host choose(LbContext context) {
    int size = hosts.size();
    for (int turn = 0; turn < size; turn++) {
      Host host = hosts.get(Math.floorMod(next.getAndIncrement(), size));
      if (HealthyHosts.eligible(host, context)) {
        return host;
      }
    }
    return HealthyHosts.firstFrom(hosts, next.get(), context);
  }

  /** The registered factory. */
  public static final class Factory implements LoadBalancerFactory {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public LoadBalancer create(ClusterConfig cluster, List<Host> hosts) {
      return new RoundRobinLoadBalancer(hosts);
    }
  }
}
