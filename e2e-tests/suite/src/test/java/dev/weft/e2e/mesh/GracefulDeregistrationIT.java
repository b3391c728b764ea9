package dev.weft.e2e.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.weft.testing.FreePorts;
import dev.weft.testing.etcd.EtcdExtension;
import dev.weft.testing.process.ChildProcess;
import dev.weft.testing.process.ProcessLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider's app withdraws its publication gracefully ({@code POST /services/unpublish} to its
 * sidecar's agent) while a consumer sidecar is under continuous load; the app and its sidecar stay
 * up. No request may fail: the consumer's sidecar stops sending new requests to the withdrawn
 * endpoint once the control plane's EDS update arrives, and what was already on its way there is
 * answered.
 *
 * <pre>
 * 4 client threads -> consumer-1 egress_http -> provider-1 ingress -> app "provider-1"
 *                                            -> provider-2 ingress -> app "provider-2"
 * </pre>
 */
class GracefulDeregistrationIT {
  static final String SERVICE = "orders.weft";

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration BEFORE = Duration.ofSeconds(3);
  private static final Duration AFTER = Duration.ofSeconds(5);
  private static final int CLIENT_THREADS = 4;
  private static final Pattern AGENT =
      Pattern.compile("SOFA mesh registry agent on http://127\\.0\\.0\\.1:(\\d+)/");

  static {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    // The JDK's HttpServer writes headers and body apart; with Nagle on, each answer waits for a
    // delayed ACK (~40 ms) and the load would be a few dozen requests a second per thread.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleNode();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ControlPlaneFixture mesh;
  private final List<HttpServer> apps = new ArrayList<>();
  private final List<ExecutorService> appThreads = new ArrayList<>();
  private ExecutorService load;

  /** One provider: its app (answering with its name) and its sidecar publishing the service. */
  private record Provider(String name, int admin, int ingress, ChildProcess sidecar) {
    int agentPort() {
      Matcher m = AGENT.matcher(String.join("\n", sidecar.output()));
      assertThat(m.find()).as(sidecar.tail(30)).isTrue();
      return Integer.parseInt(m.group(1));
    }

    String endpoint() {
      return "127.0.0.1:" + ingress;
    }
  }

  /** What the load saw: every answer's provider with when its request started, every failure. */
  private static final class Load {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong requests = new AtomicLong();
    final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /** Per provider, the start (nanoTime) of the last request it answered. */
    final Map<String, AtomicLong> lastStarted = new ConcurrentHashMap<>();

    long answered(String provider) {
      AtomicLong n = answers.get(provider);
      return n == null ? 0 : n.get();
    }

    long lastStarted(String provider) {
      AtomicLong t = lastStarted.get(provider);
      return t == null ? Long.MIN_VALUE : t.get();
    }
  }

  @AfterEach
  void stopAll() throws Exception {
    if (load != null) {
      load.shutdownNow();
    }
    if (mesh != null) {
      mesh.close();
    }
    for (HttpServer app : apps) {
      app.stop(0);
    }
    appThreads.forEach(ExecutorService::shutdownNow);
  }

  @Test
  void aProviderWithdrawnGracefullyUnderLoadLosesNoRequest() throws Exception {
    mesh = ControlPlaneFixture.start(ETCD.endpoints());
    int[] ports = FreePorts.distinct("127.0.0.1", 10);
    int consumerAdmin = ports[8];
    int consumerEgress = ports[9];

    CompletableFuture<Provider> provider1 =
        CompletableFuture.supplyAsync(
            () -> provider("provider-1", ports[0], ports[1], ports[2], ports[3]));
    CompletableFuture<Provider> provider2 =
        CompletableFuture.supplyAsync(
            () -> provider("provider-2", ports[4], ports[5], ports[6], ports[7]));
    CompletableFuture<ChildProcess> consumer =
        mesh.startAsync(
            () ->
                mesh.sidecar(
                    "consumer-1",
                    consumerAdmin,
                    "--egress-port",
                    "http=" + consumerEgress,
                    "--subscribe",
                    "http:" + SERVICE));
    CompletableFuture.allOf(provider1, provider2, consumer).join();
    Provider one = provider1.join();
    Provider two = provider2.join();

    await("consumer-1 has both providers in cluster " + SERVICE)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                ControlPlaneFixture.clusterHosts(consumerAdmin, SERVICE).stream()
                    .sorted()
                    .toList()
                    .equals(List.of(one.endpoint(), two.endpoint()).stream().sorted().toList()));

    Load seen = new Load();
    load = Executors.newFixedThreadPool(CLIENT_THREADS);
    List<Future<?>> clients = new ArrayList<>();
    for (int i = 0; i < CLIENT_THREADS; i++) {
      int client = i;
      clients.add(load.submit(() -> send(seen, consumerEgress, client)));
    }
    long loadStart = System.nanoTime();

    // Both providers answer, for at least BEFORE.
    await("both providers answer under load for " + BEFORE)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                seen.answered(one.name()) > 0
                    && seen.answered(two.name()) > 0
                    && System.nanoTime() - loadStart >= BEFORE.toNanos());
    long beforeOne = seen.answered(one.name());
    long beforeTwo = seen.answered(two.name());
    long beforeFailures = seen.failures.size();

    // provider-1's app withdraws its publication; the app and its sidecar stay up.
    long unpublished = System.nanoTime();
    HttpResponse<String> unpublish =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + one.agentPort() + "/services/unpublish"))
                .header("Content-Type", "text/plain")
                .timeout(Duration.ofSeconds(10))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"serviceName\":\"" + SERVICE + "\",\"protocolType\":\"http\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unpublish.statusCode()).as(unpublish.body()).isEqualTo(200);
    assertThat(unpublish.body()).contains("\"success\":true");

    // Within a few seconds the consumer's sidecar has only provider-2 ...
    await("consumer-1's cluster " + SERVICE + " has only provider-2")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                ControlPlaneFixture.clusterHosts(consumerAdmin, SERVICE)
                    .equals(List.of(two.endpoint())));
    long edsApplied = System.nanoTime();
    // ... and every request started since is answered by provider-2.
    await("provider-2 answers requests started after the EDS update")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> seen.lastStarted(two.name()) > edsApplied);
    await("the load runs for " + AFTER + " after the unpublish")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> System.nanoTime() - unpublished >= AFTER.toNanos());

    seen.running.set(false);
    for (Future<?> client : clients) {
      client.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    String summary =
        String.format(
            "%d requests (%d before the unpublish: provider-1 %d, provider-2 %d); in all"
                + " provider-1 %d, provider-2 %d; EDS update %d ms after the unpublish;"
                + " %d failures (%d before the unpublish): %s",
            seen.requests.get(),
            beforeOne + beforeTwo,
            beforeOne,
            beforeTwo,
            seen.answered(one.name()),
            seen.answered(two.name()),
            Duration.ofNanos(edsApplied - unpublished).toMillis(),
            seen.failures.size(),
            beforeFailures,
            seen.failures.stream().limit(20).toList());
    System.out.println("GracefulDeregistrationIT: " + summary);

    assertThat(seen.failures).as(summary).isEmpty();
    assertThat(seen.lastStarted(one.name()))
        .as("no request started after the EDS update reaches provider-1: " + summary)
        .isLessThan(edsApplied);
    assertThat(seen.answered(two.name())).as(summary).isGreaterThan(beforeTwo);

    // The registry no longer lists provider-1's endpoint; provider-2's is still there.
    String services = weft("services", "--service", SERVICE, "--registry", registry());
    assertThat(services).contains(two.endpoint()).doesNotContain(one.endpoint());
    // provider-1's sidecar is still up.
    assertThat(one.sidecar().isAlive()).as(one.sidecar().tail(30)).isTrue();
  }

  private String registry() {
    return "127.0.0.1:" + mesh.registryPort;
  }

  /** A client thread: requests with Host: SERVICE until told to stop. */
  private static void send(Load seen, int consumerEgress, int client) {
    long n = 0;
    while (seen.running.get()) {
      String path = "/c" + client + "/" + n++;
      long started = System.nanoTime();
      seen.requests.incrementAndGet();
      try {
        HttpResponse<String> response =
            CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consumerEgress + path))
                    .header("Host", SERVICE)
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        if (response.statusCode() != 200 || !body.endsWith(" " + path)) {
          seen.failures.add(path + " -> " + response.statusCode() + " " + body);
          continue;
        }
        String provider = body.substring(0, body.indexOf(' '));
        seen.answers.computeIfAbsent(provider, p -> new AtomicLong()).incrementAndGet();
        seen.lastStarted
            .computeIfAbsent(provider, p -> new AtomicLong(Long.MIN_VALUE))
            .accumulateAndGet(started, Math::max);
      } catch (IOException e) {
        seen.failures.add(path + " -> " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Starts the app named {@code name} and its sidecar, which publishes http:SERVICE for it. */
  private Provider provider(String name, int admin, int egress, int ingress, int appPort) {
    try {
      HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", appPort), 128);
      ExecutorService threads = Executors.newFixedThreadPool(8);
      app.setExecutor(threads);
      app.createContext(
          "/",
          exchange -> {
            byte[] body = (name + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      app.start();
      synchronized (apps) {
        apps.add(app);
        appThreads.add(threads);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot start the app of " + name, e);
    }
    ChildProcess sidecar =
        mesh.sidecar(
            name,
            admin,
            "--egress-port",
            "http=" + egress,
            "--ingress-port",
            "http=" + ingress,
            "--app-port",
            "http=" + appPort,
            "--publish",
            "http:" + SERVICE);
    return new Provider(name, admin, ingress, sidecar);
  }

  /** A one-shot {@code weft} command's output; it must exit 0. */
  private static String weft(String... args) throws InterruptedException {
    try (ChildProcess weft = ProcessLauncher.weft("weft", args).start()) {
      int exit = weft.awaitExit(WAIT);
      String output = String.join("\n", weft.output());
      assertThat(exit).as("weft " + String.join(" ", args) + ":\n" + output).isZero();
      return output;
    }
  }
}
