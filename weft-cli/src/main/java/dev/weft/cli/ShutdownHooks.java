package dev.weft.cli;

import java.util.function.Consumer;

/**
 * How long-running commands learn they must stop: a JVM shutdown hook (SIGTERM, SIGINT). Commands
 * keep it in a field that tests swap for one they call themselves.
 */
final class ShutdownHooks {
  private ShutdownHooks() {}

  /** Registers each stop action as a JVM shutdown hook on a thread named {@code threadName}. */
  static Consumer<Runnable> jvm(String threadName) {
    return stop -> Runtime.getRuntime().addShutdownHook(new Thread(stop, threadName));
  }
}
