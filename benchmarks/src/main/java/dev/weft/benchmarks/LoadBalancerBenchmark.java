package dev.weft.benchmarks;

import dev.weft.dataplane.upstream.Cluster;
import dev.weft.dataplane.upstream.Host;
import dev.weft.dataplane.upstream.LbContext;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
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
 * Picking a host for a request's first try, with each load balancer the sidecar registers: {@link
 * Cluster#choose} with a fresh {@link LbContext}, as the proxy calls it. Every context carries a
 * hash key (drawn from 1024 keys, so consistent hashing lands all over its table); the balancers
 * that do not hash ignore it. {@code percentDown} of the hosts (spread evenly) are unhealthy, so
 * the balancers also pay for skipping them.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar LoadBalancerBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoadBalancerBenchmark {
  private static final int KEYS = 1024;

  @Param({
    "LB_ROUNDROBIN",
    "LB_RANDOM",
    "LB_WEIGHTED_ROUNDROBIN",
    "LB_LEAST_REQUEST",
    "LB_MAGLEV",
    "LB_RING_HASH"
  })
  public String lbType;

  @Param({"10", "100"})
  public int hosts;

  @Param({"0", "25"})
  public int percentDown;

  private Cluster cluster;
  private final OptionalLong[] keys = new OptionalLong[KEYS];
  private int next;

  @Setup
  public void setUp() {
    cluster = BenchClusters.withHosts(lbType, hosts).get(BenchClusters.NAME);
    List<Host> members = cluster.hosts();
    int down = members.size() * percentDown / 100;
    for (int i = 0; i < down; i++) {
      members.get(i * members.size() / down).setHealthy(false);
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = OptionalLong.of(random.nextLong());
    }
  }

  public Cluster cluster() {
    return cluster;
  }

  @Benchmark
  public Host choose() {
    OptionalLong key = keys[next++ & (KEYS - 1)];
    return cluster.choose(new LbContext(key, Map.of(), Set.of()));
  }
}
