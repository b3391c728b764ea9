package dev.weft.peers.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code calls} calls from {@code concurrency} threads, each with a token no other call in any
 * peer uses, checks every reply against the token, and sums up the run in one line:
 *
 * <pre>
 * SUMMARY calls=100 ok=98 mismatches=0 errors=2 p50us=310 p99us=900 elapsedms=52
 *     kinds=timeout:2 firstError=...
 * </pre>
 *
 * ({@code firstError} is last and runs to the end of the line.)
 */
public final class CallRunner {
  /** One call: sends {@code token}, returns the reply. */
  @FunctionalInterface
  public interface Call {
    String call(String token) throws Exception;
  }

  /** An echo service's {@code slow} method. */
  @FunctionalInterface
  public interface SlowCall {
    String call(String token, int millis) throws Exception;
  }

  /**
   * The call for the echo services' method named {@code method}: {@code echo}, {@code slow}
   * (waiting {@code slowMs}) or {@code fail}. Each framework's EchoService has these three methods;
   * this is the one place that maps a run's {@code method} parameter to them.
   *
   * @throws IllegalArgumentException for any other name, before any call is made
   */
  public static Call echoMethod(String method, int slowMs, Call echo, SlowCall slow, Call fail) {
    switch (method) {
      case "echo":
        return echo;
      case "slow":
        return token -> slow.call(token, slowMs);
      case "fail":
        return fail;
      default:
        throw new IllegalArgumentException("unknown method " + method);
    }
  }

  /** What kind of failure a call threw, for example {@code timeout}. */
  @FunctionalInterface
  public interface Classifier {
    String kind(Throwable error);
  }

  private CallRunner() {}

  /**
   * Runs the calls. A reply is correct when it equals {@code expectedPrefix + token}; anything else
   * counts as a mismatch.
   */
  public static String run(
      String tokenPrefix,
      int calls,
      int concurrency,
      String expectedPrefix,
      Call call,
      Classifier classifier) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger mismatches = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Map<String, Integer> kinds = new TreeMap<>();
    AtomicReference<String> firstError = new AtomicReference<>();
    long[] latencies = new long[calls];
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < Math.min(concurrency, Math.max(calls, 1)); t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i; (i = next.getAndIncrement()) < calls; ) {
                  String token = tokenPrefix + "-" + i;
                  long begin = System.nanoTime();
                  try {
                    String reply = call.call(token);
                    if ((expectedPrefix + token).equals(reply)) {
                      ok.incrementAndGet();
                    } else {
                      mismatches.incrementAndGet();
                      firstError.compareAndSet(null, "mismatch: sent " + token + ", got " + reply);
                    }
                  } catch (Throwable e) {
                    errors.incrementAndGet();
                    String kind = classifier.kind(e);
                    synchronized (kinds) {
                      kinds.merge(kind, 1, Integer::sum);
                    }
                    firstError.compareAndSet(null, kind + ": " + describe(e));
                  }
                  latencies[i] = System.nanoTime() - begin;
                }
              },
              "caller-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long elapsed = System.nanoTime() - start;
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    StringBuilder kindList = new StringBuilder();
    synchronized (kinds) {
      kinds.forEach(
          (kind, count) ->
              kindList.append(kindList.length() == 0 ? "" : ",").append(kind + ":" + count));
    }
    return "SUMMARY calls="
        + calls
        + " ok="
        + ok.get()
        + " mismatches="
        + mismatches.get()
        + " errors="
        + errors.get()
        + " p50us="
        + percentile(sorted, 0.50) / 1000
        + " p99us="
        + percentile(sorted, 0.99) / 1000
        + " elapsedms="
        + elapsed / 1_000_000
        + " kinds="
        + (kindList.length() == 0 ? "-" : kindList)
        + " firstError="
        + (firstError.get() == null ? "-" : firstError.get());
  }

  /** Every message in the cause chain, on one line. */
  public static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (text.length() > 0) {
        text.append(" <- ");
      }
      text.append(e.getClass().getName()).append(": ").append(e.getMessage());
    }
    return text.toString().replace('\n', ' ').replace('\r', ' ');
  }

  private static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
