package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code LB_RANDOM}: a uniformly random healthy host; weights are ignored, as in MOSN.
 *
 * <p>A draw that lands on an unhealthy or already tried host is redrawn (a few times), so the
 * others share its traffic evenly rather than its neighbour taking it all.
 */
public final class RandomLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_RANDOM";
  private static final int REDRAWS = 4;

  private final List<Host> hosts;

  RandomLoadBalancer(List<Host> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public Host choose(LbContext context) {
    int size = hosts.size();
    if (size == 0) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int draw = 0; draw < REDRAWS; draw++) {
      Host host = hosts.get(random.nextInt(size));
      if (HealthyHosts.eligible(host, context)) {
        return host;
      }
    }
    return HealthyHosts.firstFrom(hosts, random.nextInt(size), context);
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
