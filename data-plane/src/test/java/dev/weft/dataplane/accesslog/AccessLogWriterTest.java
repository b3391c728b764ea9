package dev.weft.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Stats;
import dev.weft.dataplane.stream.RequestInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {
  @TempDir Path dir;

  /** A destination whose first write blocks until released, like a stuck disk. */
  private static final class BlockedSink extends OutputStream {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (written) {
        written.write(b, off, len);
      }
    }

    String text() {
      synchronized (written) {
        return written.toString(StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    int capacity = 8;
    Counter dropped = new Counter();
    BlockedSink sink = new BlockedSink();
    AccessLogWriter writer = new AccessLogWriter("blocked", sink, true, capacity, dropped);
    try {
      // The writer thread takes the first line and gets stuck writing it.
      assertThat(writer.write("line-0")).isTrue();
      sink.entered.await();

      // This thread stands in for an event loop: it must get through every call even though the
      // destination is stuck. The queue holds `capacity` lines; the rest are dropped and counted.
      List<Boolean> accepted = new ArrayList<>();
      for (int i = 1; i <= capacity + 50; i++) {
        accepted.add(writer.write("line-" + i));
      }

      assertThat(accepted.subList(0, capacity)).containsOnly(true);
      assertThat(accepted.subList(capacity, accepted.size())).containsOnly(false);
      assertThat(dropped.get()).isEqualTo(50);

      sink.release.countDown();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i <= capacity; i++) {
        expected.append("line-").append(i).append('\n');
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.text().equals(expected.toString()));
    } finally {
      sink.release.countDown();
      writer.close();
    }
    assertThat(writer.write("after close")).isFalse();
    assertThat(dropped.get()).isEqualTo(51);
  }

  @Test
  void closeWritesWhatIsQueuedAndClosesTheFile() throws Exception {
    Stats stats = new Stats();
    Path file = dir.resolve("logs/nested/access.log");
    AsyncAccessLogFactory factory = new AsyncAccessLogFactory(stats);
    AccessLog log = factory.open(new AccessLogConfig(file.toString(), "%protocol% %bytes_sent%"));
    for (int i = 0; i < 1000; i++) {
      RequestInfo info = new RequestInfo("P" + i, null, 0, 0);
      info.addBytesSent(i);
      log.log(info, null, null);
    }

    factory.close();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1000);
    assertThat(lines.get(0)).isEqualTo("P0 0");
    assertThat(lines.get(999)).isEqualTo("P999 999");
    assertThat(dropped(stats, file.toString())).isZero();
  }

  @Test
  void listenersLoggingToOnePathShareItsWriterEachWithItsOwnFormat() throws Exception {
    Stats stats = new Stats();
    Path file = dir.resolve("shared.log");
    AsyncAccessLogFactory factory = new AsyncAccessLogFactory(stats);
    AccessLog first = factory.open(new AccessLogConfig(file.toString(), "first %protocol%"));
    AccessLog second =
        factory.open(
            new AccessLogConfig(dir.resolve("./shared.log").toString(), "second %protocol%"));
    first.log(new RequestInfo("a", null, 0, 0), null, null);
    second.log(new RequestInfo("b", null, 0, 0), null, null);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(Files.readAllLines(file)).containsExactly("first a", "second b"));
    long writerThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("weft-accesslog-" + file.toAbsolutePath()))
            .count();
    assertThat(writerThreads).isEqualTo(1);
    factory.close();
  }

  @Test
  void stdoutGetsLinesWithoutBeingClosed() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    AsyncAccessLogFactory factory = new AsyncAccessLogFactory(new Stats());
    try {
      System.setOut(capture);
      AccessLog log = factory.open(new AccessLogConfig("stdout", "to stdout: %protocol%"));
      log.log(new RequestInfo("Http1", null, 0, 0), null, null);
      factory.close();
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("to stdout: Http1\n");
    capture.println("still open");
    assertThat(capture.checkError()).isFalse();
    assertThat(AsyncAccessLogFactory.destination("/dev/stdout")).isEqualTo("stdout");
    assertThat(AsyncAccessLogFactory.destination("")).isEqualTo("stdout");
    assertThat(AsyncAccessLogFactory.destination("/dev/stderr")).isEqualTo("stderr");
  }

  @Test
  void aFormatWithAnUnknownVariableOpensNothing() {
    Stats stats = new Stats();
    AsyncAccessLogFactory factory = new AsyncAccessLogFactory(stats);
    Path file = dir.resolve("never.log");

    assertThatThrownBy(() -> factory.open(new AccessLogConfig(file.toString(), "%nope%")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("%nope%");
    assertThat(file).doesNotExist();
    factory.close();
  }

  @Test
  void aWriteErrorIsCountedAsDroppedLines() {
    Counter dropped = new Counter();
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };
    AccessLogWriter writer = new AccessLogWriter("broken", broken, true, 16, dropped);
    try {
      writer.write("a");
      await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 1);
    } finally {
      writer.close();
    }
  }

  private static long dropped(Stats stats, String path) {
    return stats
        .set("accesslog", "path", AsyncAccessLogFactory.destination(path))
        .counter(AsyncAccessLogFactory.DROPPED)
        .get();
  }
}
