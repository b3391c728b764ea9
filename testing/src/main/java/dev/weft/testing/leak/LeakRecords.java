package dev.weft.testing.leak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The leaks Netty reported in this JVM and nobody has claimed yet.
 *
 * <p>Netty creates its leak detectors from static initialisers (one per resource type), so the
 * records they produce can only be collected in a JVM-wide place; this class is that place, and it
 * exists only in test code.
 */
public final class LeakRecords {
  private static final ConcurrentLinkedQueue<String> PENDING = new ConcurrentLinkedQueue<>();

  private LeakRecords() {}

  static void add(String report) {
    PENDING.add(report);
  }

  /** Removes and returns every leak reported so far. */
  public static List<String> drain() {
    List<String> drained = new ArrayList<>();
    for (String report; (report = PENDING.poll()) != null; ) {
      drained.add(report);
    }
    return drained;
  }
}
