package dev.weft.cli.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of {@code weft demo}: starts the {@link Mesh}, reads the consumers' counters about once a
 * second into {@link Traffic}, moves the {@link Scenario} on, shows it all, and when the duration
 * runs out, Ctrl-C comes or something fails, stops every process and prints the summary.
 */
public final class Demo {
  static final Duration TICK = Duration.ofSeconds(1);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final DemoSettings settings;
  private final StoreChoice store;
  private final RunDir runDir;
  private final Mesh mesh;
  private final Scenario scenario;
  private final Traffic traffic;
  private final StatsReader stats;
  private final DemoOutput output;
  private final Events events;
  private final Finish finish;
  private final Supervisor supervisor;
  private final ScheduledExecutorService scheduler;
  private final TableRenderer renderer = new TableRenderer();
  private final long startNanos;
  private final AtomicBoolean ticking = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile long trafficStart = Long.MIN_VALUE;
  private boolean green;

  Demo(
      DemoSettings settings,
      StoreChoice store,
      RunDir runDir,
      Mesh mesh,
      Scenario scenario,
      Traffic traffic,
      StatsReader stats,
      DemoOutput output,
      Events events,
      Finish finish,
      Supervisor supervisor,
      ScheduledExecutorService scheduler,
      long startNanos) {
    this.settings = settings;
    this.store = store;
    this.runDir = runDir;
    this.mesh = mesh;
    this.scenario = scenario;
    this.traffic = traffic;
    this.stats = stats;
    this.output = output;
    this.events = events;
    this.finish = finish;
    this.supervisor = supervisor;
    this.scheduler = scheduler;
    this.startNanos = startNanos;
  }

  /** Runs to the end; the exit code: 0 when the summary passed, 1 otherwise. */
  public int run() throws InterruptedException {
    events.add("run dir " + runDir + " (a log per process; their pids in " + RunDir.PIDS + ")");
    events.add("store: " + store.describe());
    ScheduledFuture<?> ticks =
        scheduler.scheduleAtFixedRate(
            this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<Void> starting;
    try {
      starting = mesh.start();
    } catch (RuntimeException e) {
      starting = CompletableFuture.failedFuture(e);
    }
    starting.whenComplete((ok, error) -> started(error));
    Finish.Outcome outcome = finish.outcome().join();
    ticks.cancel(false);
    if (outcome.reason() == Finish.Reason.INTERRUPTED) {
      events.add("Ctrl-C at " + scenario.describe());
    }
    Duration trafficTime = trafficTime();
    try {
      recordFinalReading();
      events.add("stopping every process (consumers first)");
      stopEverything();
      DemoSummary summary =
          new DemoSummary(
              traffic.rows(),
              trafficTime,
              scenario.finished(),
              unfinished(outcome),
              outcome.failure());
      output.frame(frame(traffic.rows(), trafficTime, true));
      output.summary(summary);
      return summary.passed() ? 0 : 1;
    } finally {
      stopped.countDown();
    }
  }

  private void started(Throwable error) {
    if (error != null) {
      finish.fail(error);
      return;
    }
    trafficStart = System.nanoTime();
    events.add(
        "mesh up after "
            + seconds(trafficStart - startNanos)
            + ": every consumer calls its service "
            + settings.rate()
            + " times a second");
    settings
        .duration()
        .ifPresent(
            d -> scheduler.schedule(finish::durationOver, d.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Ctrl-C: ends the run; {@link #awaitStopped} then waits for its processes to stop. */
  public void interrupt() {
    finish.interrupted();
  }

  /** Waits until {@link #run} has stopped every process and printed the summary. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    if (!ticking.compareAndSet(false, true)) {
      return;
    }
    long now = System.nanoTime();
    boolean flowing = trafficStart != Long.MIN_VALUE;
    CompletableFuture<Map<DemoService, ConsumerStats>> reading =
        flowing ? stats.read() : CompletableFuture.completedFuture(Map.of());
    reading.whenComplete(
        (readings, error) -> {
          try {
            if (finish.isDone()) {
              return;
            }
            if (readings != null) {
              traffic.record(readings, now);
            }
            List<TrafficRow> rows = traffic.rows();
            if (flowing) {
              if (!green && rows.stream().allMatch(row -> row.ok() > 0)) {
                green = true;
                events.add(
                    "all green after "
                        + seconds(now - startNanos)
                        + ": bolt, dubbo, http and grpc answered");
              }
              scenario.onTick(rows, now);
              scenario.failure().ifPresent(finish::fail);
            }
            output.frame(frame(rows, trafficTime(), false));
          } catch (RuntimeException e) {
            finish.fail(e);
          } finally {
            ticking.set(false);
          }
        });
  }

  private DemoFrame frame(List<TrafficRow> rows, Duration trafficTime, boolean over) {
    return new DemoFrame(
        store.etcd() ? "etcd" : "memory",
        Duration.ofNanos(System.nanoTime() - startNanos),
        trafficStart == Long.MIN_VALUE ? Optional.empty() : Optional.of(trafficTime),
        settings.duration(),
        scenario.describe(),
        mesh.pods(),
        rows,
        events.latest(),
        runDir.toString(),
        over);
  }

  private Duration trafficTime() {
    return trafficStart == Long.MIN_VALUE
        ? Duration.ZERO
        : Duration.ofNanos(System.nanoTime() - trafficStart);
  }

  /** One last reading before anything stops; the last good one stays if this one fails. */
  private void recordFinalReading() {
    if (trafficStart == Long.MIN_VALUE) {
      return;
    }
    try {
      traffic.record(stats.read().get(5, TimeUnit.SECONDS), System.nanoTime());
    } catch (Exception e) {
      // The last tick's reading stands.
    }
  }

  private void stopEverything() throws InterruptedException {
    try {
      mesh.stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      events.add("stopping took too long (" + Futures.message(e) + "): killing what is left");
    }
    List<Child> left = supervisor.running();
    left.forEach(Child::kill);
    for (Child child : left) {
      child.exit().join();
    }
    events.add(
        left.isEmpty()
            ? "every process stopped; the logs stay in " + runDir
            : "killed " + left + "; the logs stay in " + runDir);
  }

  /** Why the scenario counts as unfinished: only when the duration ran out before its end. */
  private Optional<String> unfinished(Finish.Outcome outcome) {
    if (outcome.reason() != Finish.Reason.DURATION || scenario.finished()) {
      return Optional.empty();
    }
    return Optional.of(
        "the scenario did not finish within --duration "
            + settings.duration().map(d -> d.toSeconds() + "s").orElse("")
            + ": it was at "
            + scenario.describe()
            + "; on a busy machine give it longer, e.g. --duration 60s");
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
