package dev.weft.dataplane.server;

import dev.weft.dataplane.extension.Registry;
import dev.weft.dataplane.upstream.ClusterType;
import dev.weft.dataplane.upstream.StaticClusterType;

/** The cluster types Weft ships. */
final class BuiltinClusterTypes {
  private BuiltinClusterTypes() {}

  static Registry<ClusterType> create() {
    return Registry.<ClusterType>builder("cluster type")
        .register(new StaticClusterType("SIMPLE"))
        .register(new StaticClusterType("STATIC"))
        .build();
  }
}
