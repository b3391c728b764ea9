package dev.weft.cli;

import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.memory.MemoryStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the store {@code --store} names. */
final class RegistryStores {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryStores.class);

  private RegistryStores() {}

  static RegistryStore open(RegistrySettings settings) {
    switch (settings.store()) {
      case ETCD:
        return etcd(settings.etcdEndpoints(), settings.sessionTtl());
      case MEMORY:
      default:
        LOG.info(
            "store: memory; registrations live only in this process and go when it stops"
                + " (--store etcd shares them between control planes)");
        return new MemoryStore(settings.sessionTtl());
    }
  }

  /**
   * TODO(etcd store): return {@code new dev.weft.registry.store.etcd.EtcdStore(...)} on a client
   * from {@code EtcdClients.connect(endpoints)} with {@code sessionTtl}, once EtcdStore is on main;
   * then drop this error and its test in ControlPlaneCommandTest.
   */
  private static RegistryStore etcd(EtcdEndpoints endpoints, Duration sessionTtl) {
    throw CliException.usage("--store etcd: not available yet");
  }
}
