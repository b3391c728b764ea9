package dev.weft.benchmarks;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.stats.Stats;
import dev.weft.dataplane.upstream.ClusterManager;
import dev.weft.dataplane.upstream.ClusterType;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import dev.weft.dataplane.upstream.StaticClusterType;
import dev.weft.dataplane.upstream.lb.LeastRequestLoadBalancer;
import dev.weft.dataplane.upstream.lb.MaglevLoadBalancer;
import dev.weft.dataplane.upstream.lb.RandomLoadBalancer;
import dev.weft.dataplane.upstream.lb.RingHashLoadBalancer;
import dev.weft.dataplane.upstream.lb.RoundRobinLoadBalancer;
import dev.weft.dataplane.upstream.lb.WeightedRoundRobinLoadBalancer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ClusterManager} wired as the sidecar wires it (the same balancers under the same names),
 * holding one static cluster, {@code bench}, of hosts {@code 10.0.x.y:8080} with weights 1 to 4.
 */
public final class BenchClusters {
  public static final String NAME = "bench";

  private BenchClusters() {}

  public static ClusterManager withHosts(String lbType, int count) {
    Registry<LoadBalancerFactory> balancers =
        Registry.<LoadBalancerFactory>builder("load balancer")
            .register(new RoundRobinLoadBalancer.Factory())
            .register(new RandomLoadBalancer.Factory())
            .register(new WeightedRoundRobinLoadBalancer.Factory())
            .register(new LeastRequestLoadBalancer.Factory())
            .register(new MaglevLoadBalancer.Factory())
            .register(new RingHashLoadBalancer.Factory())
            .build();
    Registry<ClusterType> types =
        Registry.<ClusterType>builder("cluster type")
            .register(new StaticClusterType("STATIC"))
            .build();
    ClusterManager manager = new ClusterManager(types, balancers, new Stats());
    manager.replaceAll(List.of(config(lbType, count)));
    return manager;
  }

  private static ClusterConfig config(String lbType, int count) {
    List<ClusterConfig.HostConfig> hosts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HostPort address = new HostPort("10.0." + (i / 250) + "." + (i % 250 + 1), 8080);
      hosts.add(new ClusterConfig.HostConfig(address, "", 1 + i % 4, Map.of()));
    }
    return new ClusterConfig(
        NAME,
        "STATIC",
        lbType,
        hosts,
        ClusterConfig.CircuitBreakers.UNLIMITED,
        ClusterConfig.DEFAULT_CONNECT_TIMEOUT,
        Optional.empty(),
        0,
        LeastRequestLoadBalancer.DEFAULT_CHOICE_COUNT,
        Optional.empty());
  }
}
