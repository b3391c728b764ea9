package dev.weft.dataplane.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
  private final EventLoopGroup group = Transport.nio().newEventLoopGroup(1, "timeouts-test");
  private final EventLoop loop = group.next();
  private final Timeouts timeouts = new Timeouts(loop);
  private final List<String> fired = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Timeouts.Timeout schedule(long millis, String name) throws Exception {
    return loop.submit(
            () -> timeouts.schedule(TimeUnit.MILLISECONDS.toNanos(millis), () -> fired.add(name)))
        .get();
  }

  @Test
  void timeoutsOfDifferentLengthsFireInDeadlineOrder() throws Exception {
    schedule(300, "slow");
    schedule(50, "fast");
    schedule(50, "fast-2");
    schedule(150, "middle");

    await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 4);
    assertThat(fired).containsExactly("fast", "fast-2", "middle", "slow");
  }

  @Test
  void aCancelledTimeoutNeverFiresAndTheOthersStillDo() throws Exception {
    Timeouts.Timeout first = schedule(60, "cancelled-head");
    schedule(60, "kept");
    Timeouts.Timeout middle = schedule(60, "cancelled-middle");
    schedule(60, "kept-too");
    loop.submit(
            () -> {
              first.cancel();
              middle.cancel();
              middle.cancel(); // twice is harmless
            })
        .get();

    await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 2);
    schedule(20, "later");
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 3);
    assertThat(fired).containsExactly("kept", "kept-too", "later");
  }

  @Test
  void anEarlierDeadlineRearmsTheWakeUp() throws Exception {
    schedule(5_000, "far");
    schedule(30, "near");

    await().atMost(Duration.ofSeconds(2)).until(() -> fired.contains("near"));
    assertThat(fired).containsExactly("near");
  }
}
