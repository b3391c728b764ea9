package dev.weft.cli.demo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What happened, each line stamped with the seconds since the demo started; the latest ones are
 * kept for the live table, and each is passed on as it happens (headless mode prints it).
 */
final class Events {
  static final int KEPT = 6;

  private final long startNanos;
  private final Consumer<String> sink;
  private final Deque<String> latest = new ArrayDeque<>();

  Events(long startNanos, Consumer<String> sink) {
    this.startNanos = startNanos;
    this.sink = sink;
  }

  void add(String text) {
    String stamped =
        String.format(Locale.ROOT, "[%5.1fs] %s", (System.nanoTime() - startNanos) / 1e9, text);
    synchronized (latest) {
      latest.addLast(stamped);
      if (latest.size() > KEPT) {
        latest.removeFirst();
      }
    }
    sink.accept(stamped);
  }

  List<String> latest() {
    synchronized (latest) {
      return List.copyOf(latest);
    }
  }
}
