package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * {@code LB_WEIGHTED_ROUNDROBIN}: each host in proportion to its weight, interleaved.
 *
 * <p>The order is the one an earliest-deadline-first scheduler produces (MOSN and Envoy use EDF),
 * but it is computed once, when the cluster snapshot is built: one cycle holds each host {@code
 * weight / gcd} times, sorted by deadline. Picking is then one atomic increment and an array read,
 * with no lock, so the balancer can be shared by every event loop. A turn that lands on an
 * unhealthy or already tried host is used up and the next one taken, so the others share its turns
 * exactly by weight; after as many turns as there are hosts it walks on through the cycle instead.
 */
public final class WeightedRoundRobinLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_WEIGHTED_ROUNDROBIN";

  private final SlotTable cycle;
  private final AtomicLong cursor;
  private final IntSupplier turns = this::nextTurn;

  WeightedRoundRobinLoadBalancer(List<Host> hosts) {
    this.cycle = new SlotTable(hosts, schedule(hosts));
    // Start somewhere random so that sidecars started together do not all begin on one host.
    this.cursor = new AtomicLong(ThreadLocalRandom.current().nextInt(Math.max(1, cycle.size())));
  }

  @Override
  public Host choose(LbContext context) {
    if (cycle.size() == 0) {
      return null;
    }
    return cycle.draw(turns, context);
  }

  private int nextTurn() {
    return (int) Math.floorMod(cursor.getAndIncrement(), (long) cycle.size());
  }

  /**
   * One cycle of host indexes in EDF order. Host i's k-th turn is due at (k + 1/2) / weight_i: the
   * half step centres each host's turns in its share of the cycle, so weights 3 and 1 give {@code a
   * a b a} rather than {@code a a a b}.
   */
  static int[] schedule(List<Host> hosts) {
    int gcd = 0;
    for (Host host : hosts) {
      gcd = gcd(gcd, host.weight());
    }
    int length = 0;
    for (Host host : hosts) {
      length += host.weight() / gcd;
    }
    // Entries are {host index, turns taken, weight}; deadlines compared exactly, ties by index.
    PriorityQueue<int[]> due =
        new PriorityQueue<>(
            Math.max(1, hosts.size()),
            (a, b) -> {
              int byDeadline = Long.compare((2L * a[1] + 1) * b[2], (2L * b[1] + 1) * a[2]);
              return byDeadline != 0 ? byDeadline : Integer.compare(a[0], b[0]);
            });
    for (int i = 0; i < hosts.size(); i++) {
      due.add(new int[] {i, 0, hosts.get(i).weight() / gcd});
    }
    int[] slots = new int[length];
    for (int slot = 0; slot < length; slot++) {
      int[] next = due.poll();
      slots[slot] = next[0];
      next[1]++;
      if (next[1] < next[2]) {
        due.add(next);
      }
    }
    return slots;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** The registered factory. */
  public static final class Factory implements LoadBalancerFactory {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public LoadBalancer create(ClusterConfig cluster, List<Host> hosts) {
      return new WeightedRoundRobinLoadBalancer(hosts);
    }
  }
}
