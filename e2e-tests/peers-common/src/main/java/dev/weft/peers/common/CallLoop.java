package dev.weft.peers.common;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A caller's demo loop: once started ({@code --loop-rate N} on the command line, or {@code GET
 * /loop/start?rate=N} on the control port) it calls {@code N} times a second until the JVM stops,
 * each call with a token no other call uses, and counts what came back. A correct reply is {@code
 * "<provider> echo:<token>"}: the name of the provider that answered, then the token. The counters
 * are served on the caller's control port as {@code GET /stats}, one JSON object:
 *
 * <pre>
 * {"calls":120,"ok":118,"errors":1,"mismatches":1,"skipped":0,"inFlight":0,
 *  "answers":{"provider-1":60,"provider-2":58},"lastError":"timeout: ..."}
 * </pre>
 *
 * <p>At most {@code --loop-concurrency} calls (default 4) are in flight; a tick that finds them all
 * busy is counted as skipped, not queued, so a slow provider lowers the rate instead of building a
 * backlog.
 */
public final class CallLoop implements AutoCloseable {
  /** The option that turns the loop on: calls per second. */
  public static final String RATE_OPTION = "loop-rate";

  /** Where the counters are served on the control port. */
  public static final String STATS_PATH = "/stats";

  /** Where the loop is started on the control port: {@code ?rate=N}. */
  public static final String START_PATH = "/loop/start";

  private final String tokenPrefix;
  private final Semaphore slots;
  private final ScheduledExecutorService ticker;
  private final ExecutorService callers;
  private final AtomicLong calls = new AtomicLong();
  private final LongAdder ok = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder mismatches = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final CallRunner.Call call;
  private final CallRunner.Classifier classifier;
  private int rate;

  private CallLoop(
      String tokenPrefix, int concurrency, CallRunner.Call call, CallRunner.Classifier classifier) {
    this.tokenPrefix = tokenPrefix;
    this.call = call;
    this.classifier = classifier;
    this.slots = new Semaphore(concurrency);
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "call-loop-ticker"));
    this.callers = Executors.newFixedThreadPool(concurrency, r -> thread(r, "call-loop-caller"));
  }

  /**
   * The loop of a caller with a control port: started at once when the command line has {@code
   * --loop-rate}, else by {@code GET /loop/start?rate=N}. Add its {@link #handlers} to the control
   * port.
   *
   * @param name the caller's name, the start of every token
   */
  public static CallLoop of(
      Args args, String name, CallRunner.Call call, CallRunner.Classifier classifier) {
    if (args.has(RATE_OPTION) && !args.has("control-port")) {
      throw new IllegalArgumentException(
          "--" + RATE_OPTION + " needs --control-port: the loop's counters are served there");
    }
    int concurrency = args.getInt("loop-concurrency", 4);
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "--loop-concurrency: expected 1 or more, got " + concurrency);
    }
    CallLoop loop = new CallLoop(name + "-loop", concurrency, call, classifier);
    if (args.has(RATE_OPTION)) {
      loop.start(args.getInt(RATE_OPTION, 0));
    }
    return loop;
  }

  /** A loop that is not running, whose counters {@link #record} fills; for tests. */
  static CallLoop idle(String tokenPrefix) {
    return new CallLoop(tokenPrefix, 1, token -> token, error -> "error");
  }

  /**
   * Starts calling {@code rate} times a second.
   *
   * @throws IllegalArgumentException for a rate outside 1 to 10000
   * @throws IllegalStateException when it already runs
   */
  public synchronized void start(int rate) {
    if (rate < 1 || rate > 10_000) {
      throw new IllegalArgumentException(
          "rate: expected calls per second from 1 to 10000, got " + rate);
    }
    if (this.rate > 0) {
      throw new IllegalStateException("the loop already runs, at " + this.rate + " calls/s");
    }
    this.rate = rate;
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    ticker.scheduleAtFixedRate(this::tick, 0, Math.max(period, 1), TimeUnit.NANOSECONDS);
  }

  /** {@code /stats} and {@code /loop/start?rate=N}, added to a control port's handlers. */
  public Map<String, Function<Args, String>> handlers(Map<String, Function<Args, String>> others) {
    Map<String, Function<Args, String>> all = new HashMap<>(others);
    all.put(STATS_PATH, query -> stats());
    all.put(
        START_PATH,
        query -> {
          start(query.getInt("rate", 0));
          return "started at " + query.getInt("rate", 0) + " calls/s";
        });
    return all;
  }

  private void tick() {
    if (!slots.tryAcquire()) {
      skipped.increment();
      return;
    }
    String token = tokenPrefix + "-" + calls.incrementAndGet();
    callers.execute(
        () -> {
          try {
            record(token, call.call(token), null);
          } catch (Throwable e) {
            record(token, null, e);
          } finally {
            slots.release();
          }
        });
  }

  /** Counts one call's outcome: its reply, or the error it threw. */
  void record(String token, String reply, Throwable error) {
    if (error != null) {
      errors.increment();
      lastError.set(classifier.kind(error) + ": " + CallRunner.describe(error));
      return;
    }
    String provider = providerOf(token, reply);
    if (provider == null) {
      mismatches.increment();
      lastError.set("mismatch: sent " + token + ", got " + reply);
      return;
    }
    ok.increment();
    answers.computeIfAbsent(provider, p -> new LongAdder()).increment();
  }

  /**
   * The provider named in a correct reply to {@code token}, {@code "<provider> echo:<token>"}; null
   * when the reply is anything else.
   */
  static String providerOf(String token, String reply) {
    if (reply == null) {
      return null;
    }
    int space = reply.indexOf(' ');
    if (space < 1 || !reply.substring(space + 1).equals("echo:" + token)) {
      return null;
    }
    return reply.substring(0, space);
  }

  /** The counters as one JSON object (see the class comment). */
  public String stats() {
    StringBuilder json = new StringBuilder("{");
    json.append("\"calls\":").append(calls.get());
    json.append(",\"ok\":").append(ok.sum());
    json.append(",\"errors\":").append(errors.sum());
    json.append(",\"mismatches\":").append(mismatches.sum());
    json.append(",\"skipped\":").append(skipped.sum());
    json.append(",\"inFlight\":").append(Math.max(0, inFlight()));
    json.append(",\"answers\":{");
    String separator = "";
    for (Map.Entry<String, LongAdder> answer : new TreeMap<>(answers).entrySet()) {
      json.append(separator).append(quote(answer.getKey())).append(':');
      json.append(answer.getValue().sum());
      separator = ",";
    }
    json.append("},\"lastError\":");
    String error = lastError.get();
    json.append(error == null ? "null" : quote(error));
    return json.append('}').toString();
  }

  private long inFlight() {
    return calls.get() - ok.sum() - errors.sum() - mismatches.sum();
  }

  /** A JSON string literal. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static Thread thread(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Stops calling; calls in flight are abandoned. */
  @Override
  public void close() {
    ticker.shutdownNow();
    callers.shutdownNow();
  }
}
