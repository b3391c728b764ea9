package dev.weft.cli;

import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.etcd.EtcdStore;
import dev.weft.registry.store.etcd.EtcdStoreSettings;
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

  /** The registry on etcd, shared by every control plane given the same endpoints. */
  private static RegistryStore etcd(EtcdEndpoints endpoints, Duration sessionTtl) {
    LOG.info("store: etcd at {}", endpoints);
    return new EtcdStore(endpoints, EtcdStoreSettings.defaults().withSessionTtl(sessionTtl));
  }
}
