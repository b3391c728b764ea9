package dev.weft.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the demo's processes, each with its output in {@code <run dir>/<name>.log} and its pid in
 * the run directory's list; tells when one exits without being asked to; stops them: SIGTERM, then
 * SIGKILL after {@link #GRACE}.
 *
 * <p>Each process runs in a session of its own ({@code setsid}, where there is one), so Ctrl-C in
 * the terminal reaches the demo alone, which then stops them in order: consumers first, so no call
 * fails on the way out. Without {@code setsid}, a process that exits with 130 (SIGINT) counts as
 * Ctrl-C, not as a failure.
 */
final class Supervisor {
  /** How long a process may take to stop after SIGTERM before it is killed. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private static final int TAIL = 15;

  /** How a process that SIGINT ended exits: 128 + 2. */
  private static final int SIGINT_EXIT = 130;

  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private final RunDir runDir;
  private final ScheduledExecutorService scheduler;
  private final Waits waits;
  private final Consumer<DemoException> onUnexpectedExit;
  private final Runnable onInterrupt;
  private final Optional<Path> setsid;
  private final List<Child> children = new CopyOnWriteArrayList<>();
  private final Set<Child> stopping = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  /**
   * @param onUnexpectedExit told when a process exits that nobody stopped
   * @param onInterrupt told when one exits on SIGINT that nobody stopped: Ctrl-C reached it
   * @param setsid the {@code setsid} program, if there is one
   */
  Supervisor(
      RunDir runDir,
      ScheduledExecutorService scheduler,
      Waits waits,
      Consumer<DemoException> onUnexpectedExit,
      Runnable onInterrupt,
      Optional<Path> setsid) {
    this.runDir = runDir;
    this.scheduler = scheduler;
    this.waits = waits;
    this.onUnexpectedExit = onUnexpectedExit;
    this.onInterrupt = onInterrupt;
    this.setsid = setsid;
  }

  /** util-linux's {@code setsid}, where it is. */
  static Optional<Path> findSetsid() {
    for (String place : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(place))) {
        return Optional.of(Path.of(place));
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code command} as the process {@code name}, with {@code env} added to ours.
   *
   * @throws DemoException when it cannot start, or the demo is stopping
   */
  synchronized Child start(String name, List<String> command, Map<String, String> env) {
    if (shuttingDown) {
      throw new DemoException("not starting " + name + ": the demo is stopping");
    }
    List<String> full = new ArrayList<>();
    setsid.ifPresent(path -> full.add(path.toString()));
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(runDir.log(name).toFile());
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new DemoException("cannot start " + name + " (" + command.get(0) + "): " + e, e);
    }
    Child child = new Child(name, process, runDir.log(name));
    children.add(child);
    runDir.recordPid(name, child.pid());
    LOG.info("started {}: {}", child, String.join(" ", command));
    long started = System.nanoTime();
    child
        .exit()
        .thenRun(
            () -> {
              LOG.info(
                  "{} exited with code {} after {} ms",
                  child,
                  child.exitCode(),
                  (System.nanoTime() - started) / 1_000_000);
              if (shuttingDown || stopping.contains(child)) {
                return;
              }
              if (child.exitCode() == SIGINT_EXIT) {
                onInterrupt.run();
              } else {
                onUnexpectedExit.accept(
                    new DemoException(
                        name
                            + " exited with code "
                            + child.exitCode()
                            + "; the end of "
                            + child.log()
                            + ":\n"
                            + child.tail(TAIL)));
              }
            });
    return child;
  }

  /**
   * Completes once {@code check} holds for {@code child}; fails, with the end of its log, when it
   * exits first or {@code timeout} passes.
   */
  CompletableFuture<Void> ready(
      Child child, Duration timeout, Supplier<CompletableFuture<Boolean>> check) {
    long since = System.nanoTime();
    CompletableFuture<Void> ready = waits.until(child.name() + " ready", timeout, check);
    ready.thenRun(
        () -> LOG.info("{} ready after {} ms", child, (System.nanoTime() - since) / 1_000_000));
    child
        .exit()
        .thenRun(
            () ->
                ready.completeExceptionally(
                    new DemoException(
                        child.name()
                            + " exited with code "
                            + child.exitCode()
                            + " before it was ready; the end of "
                            + child.log()
                            + ":\n"
                            + child.tail(TAIL))));
    return ready.exceptionallyCompose(
        error ->
            CompletableFuture.failedFuture(
                child.alive()
                    ? new DemoException(
                        Futures.message(error)
                            + "; the end of "
                            + child.log()
                            + ":\n"
                            + child.tail(TAIL),
                        error)
                    : Futures.unwrap(error)));
  }

  /** SIGTERM, then SIGKILL after {@link #GRACE}; completes once it has exited. */
  CompletableFuture<Void> stop(Child child) {
    stopping.add(child);
    if (!child.alive()) {
      return CompletableFuture.completedFuture(null);
    }
    child.terminate();
    long since = System.nanoTime();
    ScheduledFuture<?> kill =
        scheduler.schedule(
            () -> {
              LOG.warn(
                  "{} did not stop within {} s of SIGTERM: killing it", child, GRACE.toSeconds());
              child.kill();
            },
            GRACE.toMillis(),
            TimeUnit.MILLISECONDS);
    return child
        .exit()
        .thenRun(
            () -> {
              kill.cancel(false);
              LOG.info("{} stopped in {} ms", child, (System.nanoTime() - since) / 1_000_000);
            });
  }

  /** Stops them all at once; completes once every one has exited. */
  CompletableFuture<Void> stop(Collection<Child> some) {
    return CompletableFuture.allOf(some.stream().map(this::stop).toArray(CompletableFuture[]::new));
  }

  /**
   * From now on a process that exits is not a failure, and none is started: the demo is stopping.
   * Every process started before is in {@link #running}.
   */
  synchronized void shuttingDown() {
    shuttingDown = true;
  }

  /** Every process started and still running, oldest first. */
  List<Child> running() {
    List<Child> running = new ArrayList<>();
    for (Child child : children) {
      if (child.alive()) {
        running.add(child);
      }
    }
    return running;
  }
}
