package dev.weft.dataplane.xds;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/** Client loops sending GET /load through the sidecar's egress listener until stopped. */
final class Load implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger ok = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final ExecutorService callers;

  Load(SidecarUnderXds xds, int threads) {
    callers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < threads; i++) {
      callers.submit(
          () -> {
            // Bounded: at most a minute of requests, whatever the test does.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (running.get() && System.nanoTime() < deadline) {
              try {
                HttpResponse<String> response = xds.get("egress", "/load");
                if (response.statusCode() == 200) {
                  ok.incrementAndGet();
                } else {
                  failures.add(response.statusCode() + " " + response.body());
                }
              } catch (IOException e) {
                failures.add(e.toString());
              } catch (InterruptedException e) {
                return null;
              }
            }
            return null;
          });
    }
  }

  /** Waits until {@code count} more requests have succeeded. */
  void awaitMore(int count) {
    int target = ok.get() + count;
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() >= target);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "fewer than " + count + " more requests succeeded; failures: " + failures, e);
    }
  }

  List<String> failures() {
    return failures;
  }

  void stop() throws InterruptedException {
    running.set(false);
    callers.shutdown();
    if (!callers.awaitTermination(20, TimeUnit.SECONDS)) {
      throw new AssertionError("the client loops did not stop");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (running.get()) {
      stop();
    }
  }
}
