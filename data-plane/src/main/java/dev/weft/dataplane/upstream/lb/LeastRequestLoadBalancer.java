package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code LB_LEAST_REQUEST}: the power of {@code choiceCount} choices (MOSN's {@code
 * lbconfig.choice_count}, 2 by default). It samples that many eligible hosts at random and keeps
 * the least loaded, load being {@link Host#activeRequests()} across every event loop. With unequal
 * weights it keeps the host with the most {@code weight / (active + 1)}, as Envoy's least-request
 * balancer weighs hosts; with equal weights that is simply the fewest active requests.
 *
 * <p>When {@code choiceCount} is at least the number of hosts, sampling would only repeat hosts, so
 * it compares them all instead; it does the same when the draws found no eligible host (most of the
 * cluster down or already tried). Nothing is locked: the counts it reads may be a moment stale,
 * which costs nothing but an occasional second-best pick.
 */
public final class LeastRequestLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_LEAST_REQUEST";
  public static final int DEFAULT_CHOICE_COUNT = 2;

  private final List<Host> hosts;
  private final int choiceCount;

  LeastRequestLoadBalancer(List<Host> hosts, int choiceCount) {
    this.hosts = List.copyOf(hosts);
    this.choiceCount = choiceCount > 0 ? choiceCount : DEFAULT_CHOICE_COUNT;
  }

  @Override
  public Host choose(LbContext context) {
    int size = hosts.size();
    if (size == 0) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Host best = choiceCount < size ? sample(context) : null;
    if (best == null) {
      best = leastOfAll(random.nextInt(size), context);
    }
    return best != null ? best : HealthyHosts.firstFrom(hosts, random.nextInt(size), context);
  }

  /**
   * The least loaded of {@code choiceCount} eligible hosts drawn with replacement; a draw that
   * lands on an ineligible host is redrawn, up to a bound, so a mostly-down cluster stays cheap.
   * Null when no draw found an eligible host.
   */
  private Host sample(LbContext context) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Host best = null;
    int drawn = 0;
    for (int draws = 0; drawn < choiceCount && draws < 4 * choiceCount; draws++) {
      Host candidate = hosts.get(random.nextInt(hosts.size()));
      if (HealthyHosts.eligible(candidate, context)) {
        drawn++;
        if (best == null || lessLoaded(candidate, best)) {
          best = candidate;
        }
      }
    }
    return best;
  }

  /** Every eligible host compared, starting at {@code start} so ties spread. */
  private Host leastOfAll(int start, LbContext context) {
    Host best = null;
    for (int i = 0; i < hosts.size(); i++) {
      Host host = hosts.get((start + i) % hosts.size());
      if (HealthyHosts.eligible(host, context) && (best == null || lessLoaded(host, best))) {
        best = host;
      }
    }
    return best;
  }

  /** Whether {@code a} has more weight per (active + 1) request than {@code b}. */
  static boolean lessLoaded(Host a, Host b) {
    return (long) a.weight() * (b.activeRequests() + 1)
        > (long) b.weight() * (a.activeRequests() + 1);
  }

  /** The registered factory. */
  public static final class Factory implements LoadBalancerFactory {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public LoadBalancer create(ClusterConfig cluster, List<Host> hosts) {
      return new LeastRequestLoadBalancer(hosts, cluster.choiceCount());
    }
  }
}
