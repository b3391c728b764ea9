package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code LB_ROUNDROBIN}: each healthy host in turn; weights are ignored, as in MOSN. */
public final class RoundRobinLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_ROUNDROBIN";

  private final List<Host> hosts;
  private final AtomicInteger next = new AtomicInteger();

  RoundRobinLoadBalancer(List<Host> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public Host choose(LbContext context) {
    return HealthyHosts.firstFrom(hosts, next.getAndIncrement(), context);
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
