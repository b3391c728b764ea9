package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code LB_RANDOM}: a uniformly random healthy host; weights are ignored, as in MOSN. */
public final class RandomLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_RANDOM";

  private final List<Host> hosts;

  RandomLoadBalancer(List<Host> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public Host choose(LbContext context) {
    if (hosts.isEmpty()) {
      return null;
    }
    return HealthyHosts.firstFrom(
        hosts, ThreadLocalRandom.current().nextInt(hosts.size()), context);
  }

  /** The registered factory. */
  public static final class Factory implements LoadBalancerFactory {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public LoadBalancer create(ClusterConfig cluster, List<Host> hosts) {
      return new RandomLoadBalancer(hosts);
    }
  }
}
