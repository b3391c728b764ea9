package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig.HostConfig;

/** Turns configured hosts into {@link Host}s, reusing the object of an unchanged host. */
@FunctionalInterface
public interface HostResolver {
  Host resolve(HostConfig config);
}
