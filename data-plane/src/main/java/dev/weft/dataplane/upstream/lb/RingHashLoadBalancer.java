package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * {@code LB_RING_HASH}: Envoy's ring hash (Karger-style consistent hashing). Not a MOSN {@code
 * lb_type}; it is registered so that an xDS cluster with {@code lb_policy: RING_HASH} keeps its
 * meaning.
 *
 * <p>Each host is hashed onto a 64-bit ring at several points ({@code address_0}, {@code
 * address_1}, ...), in proportion to its weight; the ring holds at least {@value #MIN_RING_SIZE}
 * points. A request's {@link LbContext#hashKey()} goes to the first point at or after it, wrapping
 * round; without a key it takes a random point (drawing again when its host cannot be used). When
 * that point's host is unhealthy or already tried, the walk goes on round the ring,
 * deterministically. Built once per cluster snapshot, off the event loops; read-only afterwards.
 */
public final class RingHashLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_RING_HASH";
  static final int MIN_RING_SIZE = 1024;
  static final int MAX_RING_SIZE = 1 << 20;
  private static final int POINTS_PER_HOST = 160;

  /** Point hashes with the sign bit flipped, so signed order is the ring's unsigned order. */
  private final long[] points;

  private final SlotTable ring;
  private final IntSupplier randomPoints = () -> ThreadLocalRandom.current().nextInt(ringSize());

  RingHashLoadBalancer(List<Host> hosts) {
    long totalWeight = 0;
    for (Host host : hosts) {
      totalWeight += host.weight();
    }
    long target = Math.min(MAX_RING_SIZE, Math.max(MIN_RING_SIZE, POINTS_PER_HOST * hosts.size()));
    int count = 0;
    int[] perHost = new int[hosts.size()];
    for (int i = 0; i < hosts.size(); i++) {
      perHost[i] =
          (int) Math.max(1, Math.round((double) target * hosts.get(i).weight() / totalWeight));
      count += perHost[i];
    }
    long[][] entries = new long[count][];
    int next = 0;
    for (int i = 0; i < hosts.size(); i++) {
      String id = HostHash.identity(hosts.get(i));
      for (int k = 0; k < perHost[i]; k++) {
        entries[next++] = new long[] {HostHash.of(id + "_" + k, 0) ^ Long.MIN_VALUE, i};
      }
    }
    // Sort by point; equal points (vanishingly rare) by address, so the order never depends on
    // the order hosts were listed in.
    Arrays.sort(
        entries,
        (a, b) ->
            a[0] != b[0]
                ? Long.compare(a[0], b[0])
                : HostHash.identity(hosts.get((int) a[1]))
                    .compareTo(HostHash.identity(hosts.get((int) b[1]))));
    this.points = new long[count];
    int[] slots = new int[count];
    for (int i = 0; i < count; i++) {
      points[i] = entries[i][0];
      slots[i] = (int) entries[i][1];
    }
    this.ring = new SlotTable(hosts, slots);
  }

  private int ringSize() {
    return points.length;
  }

  @Override
  public Host choose(LbContext context) {
    if (points.length == 0) {
      return null;
    }
    if (context.hashKey().isEmpty()) {
      return ring.draw(randomPoints, context);
    }
    int found = Arrays.binarySearch(points, context.hashKey().getAsLong() ^ Long.MIN_VALUE);
    int slot = found >= 0 ? found : -found - 1;
    return ring.walk(slot == points.length ? 0 : slot, context);
  }

  /** The registered factory. */
  public static final class Factory implements LoadBalancerFactory {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public LoadBalancer create(ClusterConfig cluster, List<Host> hosts) {
      return new RingHashLoadBalancer(hosts);
    }
  }
}
