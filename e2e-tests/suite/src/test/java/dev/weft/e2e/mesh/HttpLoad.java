package dev.weft.e2e.mesh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous load on a consumer sidecar's HTTP egress port: a few client threads, each sending one
 * request after another with {@code Host: <service>} to {@link HttpEchoApp}s behind the mesh, each
 * request with its own path. It records which app answered each request and when that request
 * started, and every failure: a status other than 200, a body that is not the app's answer to that
 * path, or no answer.
 */
final class HttpLoad implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  static {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  /** A request that failed: when it started and ended (System.nanoTime), and what came back. */
  record Failure(String path, long startedNanos, long endedNanos, int status, String answer) {
    @Override
    public String toString() {
      return path + " -> " + (status < 0 ? "" : status + " ") + answer.strip();
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final int egressPort;
  private final String service;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastStarted = new ConcurrentHashMap<>();
  private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService threads;
  private final List<Future<?>> clients = new ArrayList<>();

  private HttpLoad(int egressPort, String service, int threadCount) {
    this.egressPort = egressPort;
    this.service = service;
    this.threads = Executors.newFixedThreadPool(threadCount);
  }

  /** Starts {@code threadCount} client threads sending {@code Host: service} to the egress port. */
  static HttpLoad start(int egressPort, String service, int threadCount) {
    HttpLoad load = new HttpLoad(egressPort, service, threadCount);
    for (int i = 0; i < threadCount; i++) {
      int client = i;
      load.clients.add(load.threads.submit(() -> load.send(client)));
    }
    return load;
  }

  /** Requests started so far. */
  long requests() {
    return requests.get();
  }

  /** Requests answered correctly so far. */
  long ok() {
    return ok.get();
  }

  /** Requests the app named {@code app} answered. */
  long answered(String app) {
    AtomicLong n = answers.get(app);
    return n == null ? 0 : n.get();
  }

  /** The start (nanoTime) of the last request {@code app} answered, or Long.MIN_VALUE. */
  long lastStarted(String app) {
    AtomicLong t = lastStarted.get(app);
    return t == null ? Long.MIN_VALUE : t.get();
  }

  List<Failure> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** Stops the clients and waits until every request in flight has its answer. */
  void stop() throws Exception {
    running.set(false);
    for (Future<?> c : clients) {
      c.get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
    }
    threads.shutdown();
  }

  /** One line for failure messages and the test's report. */
  String summary() {
    List<Failure> failed = failures();
    return String.format(
        "%d requests, %d ok (%s), %d failed%s",
        requests(),
        ok(),
        answers,
        failed.size(),
        failed.isEmpty() ? "" : ": " + failed.stream().limit(20).toList());
  }

  @Override
  public void close() {
    running.set(false);
    threads.shutdownNow();
  }

  private void send(int clientId) {
    long n = 0;
    while (running.get()) {
      String path = "/c" + clientId + "/" + n++;
      long started = System.nanoTime();
      requests.incrementAndGet();
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + egressPort + path))
                    .header("Host", service)
                    .timeout(REQUEST_TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int space = body.indexOf(' ');
        if (response.statusCode() != 200 || space < 0 || !body.endsWith(" " + path)) {
          failures.add(new Failure(path, started, System.nanoTime(), response.statusCode(), body));
          continue;
        }
        String app = body.substring(0, space);
        ok.incrementAndGet();
        answers.computeIfAbsent(app, a -> new AtomicLong()).incrementAndGet();
        lastStarted
            .computeIfAbsent(app, a -> new AtomicLong(Long.MIN_VALUE))
            .accumulateAndGet(started, Math::max);
      } catch (IOException e) {
        failures.add(new Failure(path, started, System.nanoTime(), -1, e.toString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
