package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;

/** Hosts listed in the config: MOSN's {@code SIMPLE}, and {@code STATIC} as Envoy spells it. */
public final class StaticClusterType implements ClusterType {
  private final String name;

  public StaticClusterType(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Host> initialHosts(ClusterConfig config, HostResolver resolver) {
    List<Host> hosts = new ArrayList<>(config.hosts().size());
    for (ClusterConfig.HostConfig host : config.hosts()) {
      hosts.add(resolver.resolve(host));
    }
    return hosts;
  }
}
