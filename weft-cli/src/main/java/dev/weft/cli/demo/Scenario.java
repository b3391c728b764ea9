package dev.weft.cli.demo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the demo shows happening, driven by the traffic readings ({@link #onTick}, about once a
 * second): provider pod 1 serves every protocol; provider pod 2 joins and traffic spreads over
 * both; pod 1 leaves gracefully (its publications withdrawn, the consumers' side drops it, then its
 * processes stop) and pod 2 serves alone. Every action runs asynchronously; a tick only looks at
 * how far the actions got and at the traffic, never waits.
 */
public final class Scenario {
  static final String FIRST = PodControl.providerName(1);
  static final String SECOND = PodControl.providerName(2);

  /** Where the scenario is; the number is the step shown to the user (of {@value #STEPS}). */
  enum Stage {
    WARM_UP(1, "provider pod 1 answers every protocol"),
    JOINING(2, "provider pod 2 joins: its apps, then its sidecar, start"),
    SPREAD(3, "traffic spreads over provider-1 and provider-2"),
    UNPUBLISHING(4, "provider pod 1 leaves: its publications are withdrawn"),
    DRAINING(4, "provider pod 1 leaves: waiting for the consumers to drop it"),
    STOPPING(4, "provider pod 1 leaves: its processes stop"),
    ALONE(5, "provider pod 2 serves alone");

    final int step;
    final String text;

    Stage(int step, String text) {
      this.step = step;
      this.text = text;
    }
  }

  static final int STEPS = 5;

  private final PodControl pods;
  private final Consumer<String> events;
  private final Duration hold;
  private Stage stage = Stage.WARM_UP;
  private long stageStart = Long.MIN_VALUE;
  private CompletableFuture<?> action;
  private CompletableFuture<Boolean> dropCheck;
  private boolean dropped;
  private Throwable failure;

  /**
   * @param pods what acts on the provider pods
   * @param events told what happens, one line per event
   * @param hold how long the warm-up and the spread last at least, so they can be seen
   */
  public Scenario(PodControl pods, Consumer<String> events, Duration hold) {
    this.pods = pods;
    this.events = events;
    this.hold = hold;
  }

  /** Looks at the latest readings (taken at {@code nanos}) and moves on when it is time. */
  public synchronized void onTick(List<TrafficRow> rows, long nanos) {
    if (failure != null) {
      return;
    }
    if (stageStart == Long.MIN_VALUE) {
      stageStart = nanos;
    }
    boolean held = nanos - stageStart >= hold.toNanos();
    switch (stage) {
      case WARM_UP -> {
        if (held && all(rows, row -> row.ok() > 0)) {
          enter(Stage.JOINING, nanos, pods.startProviderPod(2));
        }
      }
      case JOINING -> {
        if (done() && all(rows, row -> row.answeredBy(SECOND))) {
          enter(Stage.SPREAD, nanos, null);
        }
      }
      case SPREAD -> {
        if (held
            && all(rows, row -> row.answeredRecentlyBy(FIRST) && row.answeredRecentlyBy(SECOND))) {
          enter(Stage.UNPUBLISHING, nanos, pods.unpublishProviderPod(1));
        }
      }
      case UNPUBLISHING -> {
        if (done()) {
          enter(Stage.DRAINING, nanos, null);
          checkDropped();
        }
      }
      case DRAINING -> drain(rows, nanos);
      case STOPPING -> {
        if (done()) {
          enter(Stage.ALONE, nanos, null);
        }
      }
      case ALONE -> {}
    }
  }

  /**
   * Once the consumers' side dropped pod 1 and a whole reading interval passed without any answer
   * from it (what was in flight there is answered), its processes are stopped.
   */
  private void drain(List<TrafficRow> rows, long nanos) {
    if (!dropped) {
      checkDropped();
      return;
    }
    if (all(rows, row -> !row.answeredRecentlyBy(FIRST))) {
      enter(Stage.STOPPING, nanos, pods.stopProviderPod(1));
    }
  }

  private void checkDropped() {
    if (dropCheck != null && !dropCheck.isDone()) {
      return;
    }
    if (dropCheck != null && !dropCheck.isCompletedExceptionally() && dropCheck.join()) {
      dropped = true;
      events.accept("the consumers dropped " + FIRST + ": no request is sent there any more");
      return;
    }
    dropCheck = pods.droppedByConsumers(1);
  }

  private void enter(Stage next, long nanos, CompletableFuture<?> nextAction) {
    stage = next;
    stageStart = nanos;
    action = nextAction;
    events.accept(describe());
  }

  /** Whether the stage's action finished; a failed one fails the scenario. */
  private boolean done() {
    if (action == null || !action.isDone()) {
      return action == null;
    }
    try {
      action.join();
      return true;
    } catch (RuntimeException e) {
      failure = Futures.unwrap(e);
      events.accept("step " + stage.step + "/" + STEPS + " failed: " + Futures.message(e));
      return false;
    }
  }

  private static boolean all(List<TrafficRow> rows, Predicate<TrafficRow> condition) {
    return !rows.isEmpty() && rows.stream().allMatch(condition);
  }

  /** The current step, e.g. {@code step 2/5: provider pod 2 joins: ...}. */
  public synchronized String describe() {
    return "step " + stage.step + "/" + STEPS + ": " + stage.text;
  }

  /** Whether pod 1 has left and pod 2 serves alone. */
  public synchronized boolean finished() {
    return stage == Stage.ALONE;
  }

  /** What made the scenario fail, if something did. */
  public synchronized Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  synchronized Stage stage() {
    return stage;
  }
}
