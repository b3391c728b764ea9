package dev.weft.dataplane.stats;

import java.util.concurrent.atomic.LongAdder;

/** A count that only grows, cheap to update from many event loops. */
public final class Counter {
  private final LongAdder value = new LongAdder();

  public void inc() {
    value.increment();
  }

  public void add(long amount) {
    value.add(amount);
  }

  public long get() {
    return value.sum();
  }
}
