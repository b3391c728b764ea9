package dev.weft.registry.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries and ordering, with calls the test answers itself. */
class WriteQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final Retrier retrier = new Retrier(executor, Duration.ofSeconds(1));
  private final WriteQueue queue = new WriteQueue(retrier);

  /** Every attempt started, in order, with the write it belongs to. */
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  private record Attempt(String write, CompletableFuture<String> answer) {}

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private Supplier<CompletableFuture<String>> call(String write) {
    return () -> {
      CompletableFuture<String> answer = new CompletableFuture<>();
      attempts.add(new Attempt(write, answer));
      return answer;
    };
  }

  private CompletableFuture<String> submit(String write, Supplier<RuntimeException> stop) {
    CompletableFuture<String> result = new CompletableFuture<>();
    executor.execute(() -> queue.submit(write, call(write), stop, result));
    return result;
  }

  @Test
  void aFailedAttemptIsTriedAgainUntilOneSucceeds() {
    CompletableFuture<String> result = submit("a", () -> null);
    await().atMost(WAIT).until(() -> attempts.size() == 1);
    attempts.get(0).answer().completeExceptionally(new TimeoutException("no answer"));
    await().atMost(WAIT).until(() -> attempts.size() == 2);
    attempts.get(1).answer().complete("done");
    assertThat(result.join()).isEqualTo("done");
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    CompletableFuture<String> result = submit("a", () -> null);
    await().atMost(WAIT).until(() -> attempts.size() == 1);
    attempts.get(0).answer().completeExceptionally(new IllegalArgumentException("too large"));
    await().atMost(WAIT).until(result::isCompletedExceptionally);
    assertThat(attempts).hasSize(1);
  }

  @Test
  void aLaterWriteWaitsUntilEveryAttemptOfTheEarlierOneHasAnswered() {
    CompletableFuture<String> first = submit("first", () -> null);
    CompletableFuture<String> second = submit("second", () -> null);
    // The first attempt hangs past its timeout, so a second attempt of the same write starts.
    await().atMost(WAIT).until(() -> attempts.size() == 2);
    assertThat(attempts).extracting(Attempt::write).containsExactly("first", "first");
    attempts.get(1).answer().complete("ok");
    assertThat(first.join()).isEqualTo("ok");

    // The hung attempt could still commit: the next write must not start before it answers.
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> attempts.size() == 2);
    attempts.get(0).answer().completeExceptionally(new TimeoutException("late"));
    await().atMost(WAIT).until(() -> attempts.size() == 3);
    assertThat(attempts.get(2).write()).isEqualTo("second");
    attempts.get(2).answer().complete("ok");
    assertThat(second.join()).isEqualTo("ok");
  }

  @Test
  void writesStopWithTheirSessionAndFailPendingFailsThem() {
    AtomicReference<RuntimeException> stop = new AtomicReference<>();
    CompletableFuture<String> result = submit("a", stop::get);
    await().atMost(WAIT).until(() -> attempts.size() == 1);
    stop.set(new IllegalStateException("session s has ended"));
    attempts.get(0).answer().completeExceptionally(new TimeoutException("no answer"));
    await().atMost(WAIT).until(result::isDone);
    assertThat(result).isCompletedExceptionally();
    assertThat(attempts).hasSize(1);

    CompletableFuture<String> pending = submit("b", () -> null);
    await().atMost(WAIT).until(() -> attempts.size() == 2);
    queue.failPending(new IllegalStateException("the etcd store is closed"));
    assertThat(pending).isCompletedExceptionally();
  }
}
