package dev.weft.dataplane.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pass of the worker loops: a barrier config updates wait on before they drop clusters. */
class EventLoopsTest {
  private final EventLoops loops = EventLoops.create(Transport.nio(), 2);

  @AfterEach
  void close() {
    loops.close();
  }

  @Test
  void aPassCompletesOnlyOnceEveryWorkerFinishedTheTaskItWasRunning() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EventExecutor busy = loops.workers().next();
    busy.execute(
        () -> {
          running.countDown();
          awaitQuietly(release);
        });
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> pass = loops.pass();
    // The other worker passes at once; the busy one has not finished its task.
    assertThat(pass).isNotDone();

    release.countDown();
    pass.get(5, TimeUnit.SECONDS);
    assertThat(pass).isCompleted();
  }

  @Test
  void aWorkerAskingForAPassDoesNotWaitForItself() throws Exception {
    EventExecutor worker = loops.workers().next();
    CompletableFuture<Void> pass = worker.submit(() -> loops.pass()).get(5, TimeUnit.SECONDS);
    pass.get(5, TimeUnit.SECONDS);
    assertThat(pass).isCompleted();
  }

  @Test
  void stoppedWorkersCountAsPassed() throws Exception {
    loops.workers().shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    CompletableFuture<Void> pass = loops.pass();
    pass.get(5, TimeUnit.SECONDS);
    assertThat(pass).isCompleted();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
