package dev.weft.testing.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The child processes a JVM started, numbered in order; keeps the most recent {@value #KEPT}. */
final class StartJournal {
  static final int KEPT = 256;

  private final ArrayDeque<ChildProcess> recent = new ArrayDeque<>();
  private long count;

  synchronized void add(ChildProcess process) {
    if (recent.size() == KEPT) {
      recent.removeFirst();
    }
    recent.addLast(process);
    count++;
  }

  /** How many processes were started so far. */
  synchronized long mark() {
    return count;
  }

  /** The processes started after {@code mark}, oldest first. */
  synchronized List<ChildProcess> since(long mark) {
    long newer = Math.min(count - mark, recent.size());
    List<ChildProcess> all = new ArrayList<>(recent);
    return all.subList(all.size() - (int) Math.max(0, newer), all.size());
  }
}
