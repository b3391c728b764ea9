package dev.weft.registry.store.etcd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** What one etcd store counts, for metrics and tests. */
final class StoreCounters {
  private final AtomicLong skippedValues = new AtomicLong();
  private final AtomicLong leaseRegrants = new AtomicLong();

  /** Whether the store already said it cannot make jetcd reconnect at once. */
  final AtomicBoolean warnedNoChannel = new AtomicBoolean();

  void skippedValue() {
    skippedValues.incrementAndGet();
  }

  void leaseRegranted() {
    leaseRegrants.incrementAndGet();
  }

  long skippedValues() {
    return skippedValues.get();
  }

  long leaseRegrants() {
    return leaseRegrants.get();
  }
}
