package dev.weft.testing.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty detected a leaked reference-counted object while it ran.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection (see {@code
 * META-INF/services}); the root pom turns auto-detection on. After each class it runs a few garbage
 * collections and drives Netty's detector, so leaks are attributed to the class that made them
 * rather than to whichever test happens to allocate next.
 */
public final class NettyLeakExtension implements AfterAllCallback {
  private static final int GC_ROUNDS = 3;
  private static final long GC_WAIT_MILLIS = 2_000;
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    if (!RecordingLeakDetector.isInstalled()) {
      if (WARNED.compareAndSet(false, true)) {
        System.err.printf(
            "weft-testing: Netty leak check is off in this JVM; run tests with -D%s=%s%n",
            RecordingLeakDetector.PROPERTY, RecordingLeakDetector.class.getName());
      }
      return;
    }
    List<String> leaks = collectLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty detected "
              + leaks.size()
              + " leak(s) during "
              + context.getDisplayName()
              + " (or a test class that ran just before it):\n\n"
              + String.join("\n\n", leaks));
    }
  }

  /** Runs garbage collections, lets Netty's detectors report, and returns what they reported. */
  public static List<String> collectLeaks() throws InterruptedException {
    for (int round = 0; round < GC_ROUNDS; round++) {
      awaitGarbageCollection();
      // Netty reports leaks only when it tracks a new object of the same type (unpooled heap
      // buffers are not tracked, direct ones are).
      ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
      probe.release();
    }
    return LeakRecords.drain();
  }

  /** Waits until a collection has cleared and enqueued a fresh weak reference. */
  private static void awaitGarbageCollection() throws InterruptedException {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
    long deadline = System.nanoTime() + GC_WAIT_MILLIS * 1_000_000;
    boolean collected = false;
    while (!collected && System.nanoTime() < deadline) {
      System.gc();
      collected = queue.remove(50) == sentinel;
    }
  }
}
