package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Hosts laid out in slots, a host appearing in as many slots as its share: a weighted round-robin
 * schedule, a maglev table, a hash ring. Immutable once built, so any thread may read it.
 *
 * <p>A pick starts at a slot and walks forward to the first host that is healthy and not yet tried
 * by the request; failing that, to the first healthy one (a retry may go back to a host it tried);
 * failing that, null. The walk is deterministic, so a hash key whose host is down always moves to
 * the same next host.
 */
final class SlotTable {
  private final List<Host> hosts;
  private final int[] slots;

  /**
   * @param hosts the hosts slots refer to
   * @param slots indexes into {@code hosts}; the table takes the array over (no copy: a maglev
   *     table is 65537 slots), so the caller must not touch it again
   */
  SlotTable(List<Host> hosts, int[] slots) {
    this.hosts = List.copyOf(hosts);
    this.slots = slots;
  }

  int size() {
    return slots.length;
  }

  /** The host in {@code slot}, ignoring health. */
  Host hostAt(int slot) {
    return hosts.get(slots[slot]);
  }

  /**
   * Takes slots from {@code draws} until one holds an eligible host, at most one per host; failing
   * that, walks on from the last slot drawn. Drawing anew, where the order allows it (a round-robin
   * turn, a random slot), spreads a skipped host's share over the others by weight; walking would
   * hand it all to whichever host follows it in the table.
   */
  Host draw(IntSupplier draws, LbContext context) {
    if (slots.length == 0) {
      return null;
    }
    int slot = draws.getAsInt();
    for (int i = 1; i < hosts.size() && !HealthyHosts.eligible(hostAt(slot), context); i++) {
      slot = draws.getAsInt();
    }
    return walk(slot, context);
  }

  /** Walks from {@code start} (0 &lt;= start &lt; size) as the class describes. */
  Host walk(int start, LbContext context) {
    int size = slots.length;
    if (size == 0) {
      return null;
    }
    Host first = hostAt(start);
    if (HealthyHosts.eligible(first, context)) {
      return first;
    }
    // Rare path: find out what we are walking towards before walking, so an all-down cluster
    // costs one pass over the hosts, not one over a table that may hold 65537 slots.
    boolean anyEligible = false;
    boolean anyHealthy = false;
    for (Host host : hosts) {
      anyHealthy |= host.isHealthy();
      anyEligible |= HealthyHosts.eligible(host, context);
    }
    if (!anyHealthy) {
      return null;
    }
    int slot = start;
    for (int i = 1; i < size; i++) {
      slot = slot + 1 == size ? 0 : slot + 1;
      Host host = hostAt(slot);
      if (anyEligible ? HealthyHosts.eligible(host, context) : host.isHealthy()) {
        return host;
      }
    }
    // A host that owns no slot (or health that changed under us): fall back to a plain scan.
    return HealthyHosts.firstFrom(hosts, slots[start], context);
  }
}
