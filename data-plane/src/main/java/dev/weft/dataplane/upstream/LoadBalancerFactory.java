package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.extension.Named;
import java.util.List;

/** A load-balancing policy, registered under MOSN's {@code lb_type} name. */
public interface LoadBalancerFactory extends Named {
  /** A balancer over {@code hosts}, the cluster's current members. */
  LoadBalancer create(ClusterConfig cluster, List<Host> hosts);
}
