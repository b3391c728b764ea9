package dev.weft.dataplane.upstream;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.extension.Named;
import java.util.List;

/**
 * How a cluster learns its hosts, registered under MOSN's {@code type} name: from the config
 * ({@code SIMPLE}, {@code STATIC}) or from a discovery service (later, {@code EDS}).
 */
public interface ClusterType extends Named {
  /** The hosts the cluster starts with. */
  List<Host> initialHosts(ClusterConfig config, HostResolver resolver);
}
