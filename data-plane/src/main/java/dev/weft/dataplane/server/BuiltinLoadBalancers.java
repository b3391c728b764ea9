package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.upstream.LoadBalancerFactory;
import dev.weft.dataplane.upstream.lb.LeastRequestLoadBalancer;
import dev.weft.dataplane.upstream.lb.MaglevLoadBalancer;
import dev.weft.dataplane.upstream.lb.RandomLoadBalancer;
import dev.weft.dataplane.upstream.lb.RingHashLoadBalancer;
import dev.weft.dataplane.upstream.lb.RoundRobinLoadBalancer;
import dev.weft.dataplane.upstream.lb.WeightedRoundRobinLoadBalancer;

/** The load balancers Weft ships, under MOSN's {@code lb_type} names. */
final class BuiltinLoadBalancers {
  private BuiltinLoadBalancers() {}

  static Registry<LoadBalancerFactory> create() {
    return Registry.<LoadBalancerFactory>builder("load balancer")
        .register(new RoundRobinLoadBalancer.Factory())
        .register(new RandomLoadBalancer.Factory())
        .register(new WeightedRoundRobinLoadBalancer.Factory())
        .register(new LeastRequestLoadBalancer.Factory())
        .register(new MaglevLoadBalancer.Factory())
        .register(new RingHashLoadBalancer.Factory())
        .build();
  }
}
