package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import dev.weft.dataplane.upstream.LoadBalancer;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * {@code LB_MAGLEV}: consistent hashing with a Maglev lookup table (Eisenbud et al., NSDI 2016).
 *
 * <p>The table ({@value #TABLE_SIZE} slots, a prime) is filled once, when the cluster snapshot is
 * built off the event loops, and only read afterwards. Each host walks its own permutation of the
 * slots (an offset and a skip derived from its address) and claims free slots in rounds, a host
 * claiming in proportion to its weight, until the table is full. A request's {@link
 * LbContext#hashKey()} selects a slot; a request without a key takes a random slot, which still
 * honours weights (and draws again when the slot's host cannot be used). When the slot's host is
 * unhealthy or already tried, the walk goes on to the next slots, so a key whose host is down moves
 * to the same host every time.
 *
 * <p>Hosts are sorted by address before filling, so every sidecar builds the same table whatever
 * order discovery listed the hosts in.
 */
public final class MaglevLoadBalancer implements LoadBalancer {
  public static final String NAME = "LB_MAGLEV";
  static final int TABLE_SIZE = 65537;

  private static final long OFFSET_SEED = 0x6d61676c65760001L;
  private static final long SKIP_SEED = 0x6d61676c65760002L;

  private final SlotTable table;
  private final IntSupplier randomSlots = () -> ThreadLocalRandom.current().nextInt(tableSize());

  MaglevLoadBalancer(List<Host> hosts) {
    List<Host> sorted = new ArrayList<>(hosts);
    sorted.sort(Comparator.comparing(HostHash::identity));
    this.table = new SlotTable(sorted, sorted.isEmpty() ? new int[0] : fill(sorted, TABLE_SIZE));
  }

  @Override
  public Host choose(LbContext context) {
    int size = table.size();
    if (size == 0) {
      return null;
    }
    if (context.hashKey().isEmpty()) {
      return table.draw(randomSlots, context);
    }
    return table.walk((int) Long.remainderUnsigned(context.hashKey().getAsLong(), size), context);
  }

  private int tableSize() {
    return table.size();
  }

  /**
   * The Maglev population loop, weighted: a full table of {@code size} (a prime) slots, each a host
   * index. Host i's permutation visits offset_i, offset_i + skip_i, ... (mod size); {@code
   * position[i]} is where it has got to.
   */
  static int[] fill(List<Host> hosts, int size) {
    int n = hosts.size();
    int[] skip = new int[n];
    int[] position = new int[n];
    long[] credit = new long[n];
    int maxWeight = 1;
    for (int i = 0; i < n; i++) {
      String id = HostHash.identity(hosts.get(i));
      position[i] = (int) Long.remainderUnsigned(HostHash.of(id, OFFSET_SEED), size);
      skip[i] = (int) Long.remainderUnsigned(HostHash.of(id, SKIP_SEED), size - 1) + 1;
      maxWeight = Math.max(maxWeight, hosts.get(i).weight());
    }
    int[] slots = new int[size];
    Arrays.fill(slots, -1);
    int filled = 0;
    while (filled < size) {
      for (int i = 0; i < n && filled < size; i++) {
        // A host of the greatest weight claims a slot every round, one of a third of it every
        // third round, and so on.
        credit[i] += hosts.get(i).weight();
        if (credit[i] < maxWeight) {
          continue;
        }
        credit[i] -= maxWeight;
        while (slots[position[i]] != -1) {
          position[i] = (position[i] + skip[i]) % size;
        }
        slots[position[i]] = i;
        filled++;
      }
    }
    return slots;
  }

  /** The registered factory. */
  public static final class Factory implements LoadBalancerFactory {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public LoadBalancer create(ClusterConfig cluster, List<Host> hosts) {
      return new MaglevLoadBalancer(hosts);
    }
  }
}
