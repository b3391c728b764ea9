package dev.weft.benchmarks;

import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.http1.Http1RequestHead;
import dev.weft.dataplane.router.Route;
import dev.weft.dataplane.router.Router;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the proxy does with every request head before it picks a host: find the virtual host by the
 * Host header, walk its routes in order, and name the cluster ({@link Router#route} then {@link
 * Route#cluster}). Real HTTP/1 heads (Netty's request with the headers a browser-ish client sends)
 * over the {@link RouteTable}.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar RouterBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
  @Param({"1", "50"})
  public int virtualHosts;

  private Router router;
  private RequestHead secondPrefix;
  private RequestHead catchAll;
  private RequestHead wildcardRegex;

  @Setup
  public void setUp() {
    router = new Router(RouteTable.withVirtualHosts(virtualHosts));
    String middle = "svc-" + virtualHosts / 2 + ".example.com";
    secondPrefix = head(middle + ":8080", "/api/users/42");
    catchAll = head(middle, "/unknown/path?page=2");
    wildcardRegex = head("shop.apps.example.com", "/api/items/12345");
  }

  /** A GET with the headers a typical client sends. */
  public static RequestHead head(String host, String uri) {
    String head =
        "GET "
            + uri
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + "\r\n"
            + "User-Agent: curl/8.5.0\r\n"
            + "Accept: application/json\r\n"
            + "Accept-Encoding: gzip\r\n"
            + "X-Request-Id: 8d1f3a2c-6b0e-4c4e-9a57-2f9d5e8b7c10\r\n"
            + "Connection: keep-alive\r\n\r\n";
    return Http1RequestHead.parse(head.getBytes(StandardCharsets.US_ASCII));
  }

  /** The cluster {@code head} goes to, as the proxy asks for it. */
  public Optional<Route.ClusterChoice> clusterFor(RequestHead head) {
    Route route = router.route(head);
    return route == null ? Optional.empty() : route.cluster(head);
  }

  /** Exact {@code host:port}; the third route (the second after a header condition fails). */
  @Benchmark
  public Optional<Route.ClusterChoice> exactHostEarlyRoute() {
    return clusterFor(secondPrefix);
  }

  /** Exact host without a port; every route tried, the regex too, down to the catch-all. */
  @Benchmark
  public Optional<Route.ClusterChoice> exactHostCatchAll() {
    return clusterFor(catchAll);
  }

  /** A {@code *.suffix} host; seven routes tried, the seventh a regex that matches. */
  @Benchmark
  public Optional<Route.ClusterChoice> wildcardHostRegexRoute() {
    return clusterFor(wildcardRegex);
  }
}
