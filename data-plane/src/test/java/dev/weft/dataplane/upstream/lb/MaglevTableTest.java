package dev.weft.dataplane.upstream.lb;

import static dev.weft.dataplane.upstream.lb.LbFixtures.hosts;
import static dev.weft.dataplane.upstream.lb.LbFixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.dataplane.upstream.Host;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaglevTableTest {

  private static int[] slotsPerHost(int[] table, int hosts) {
    int[] owned = new int[hosts];
    for (int slot : table) {
      owned[slot]++;
    }
    return owned;
  }

  @Test
  void everySlotIsFilledAndEqualHostsOwnNearlyEqualShares() {
    int[] table = MaglevLoadBalancer.fill(hosts(7), MaglevLoadBalancer.TABLE_SIZE);

    assertThat(table).hasSize(65537).doesNotContain(-1);
    for (int owned : slotsPerHost(table, 7)) {
      // Unweighted Maglev hands out slots one per host per round: shares differ by at most one.
      assertThat(owned).isBetween(65537 / 7, 65537 / 7 + 1);
    }
  }

  @Test
  void weightsShapeTheTable() {
    List<Host> hosts = weighted(1, 2, 5);
    int[] owned = slotsPerHost(MaglevLoadBalancer.fill(hosts, MaglevLoadBalancer.TABLE_SIZE), 3);

    assertThat(owned[0] / 65537.0).isCloseTo(1 / 8.0, within(0.002));
    assertThat(owned[1] / 65537.0).isCloseTo(2 / 8.0, within(0.002));
    assertThat(owned[2] / 65537.0).isCloseTo(5 / 8.0, within(0.002));
  }
}
