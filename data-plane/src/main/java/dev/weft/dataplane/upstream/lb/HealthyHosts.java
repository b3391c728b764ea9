package dev.weft.dataplane.upstream.lb;

import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import java.util.List;

/** Helpers every balancer shares: is a host eligible for this request. */
final class HealthyHosts {
  private HealthyHosts() {}

  /** Healthy and not already tried by this request. */
  static boolean eligible(Host host, LbContext context) {
    return host.isHealthy() && !context.exclude().contains(host);
  }

  /** Healthy, ignoring the tried set (used when every healthy host was tried). */
  static boolean healthy(Host host) {
    return host.isHealthy();
  }

  /**
   * Walks {@code hosts} from {@code start} and returns the first eligible one; failing that, the
   * first healthy one (a retry may go back to a host already tried); failing that, null.
   */
  static Host firstFrom(List<Host> hosts, int start, LbContext context) {
    int size = hosts.size();
    if (size == 0) {
      return null;
    }
    Host fallback = null;
    for (int i = 0; i < size; i++) {
      Host host = hosts.get(Math.floorMod(start + i, size));
      if (eligible(host, context)) {
        return host;
      }
      if (fallback == null && host.isHealthy()) {
        fallback = host;
      }
    }
    return fallback;
  }
}
