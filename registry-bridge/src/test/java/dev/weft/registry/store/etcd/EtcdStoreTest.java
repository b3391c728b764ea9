package dev.weft.registry.store.etcd;

import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.RegistryStoreContract;
import dev.weft.testing.etcd.EtcdExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real etcd; each test has a root prefix of its own. */
class EtcdStoreTest extends RegistryStoreContract {
  @RegisterExtension static final EtcdExtension etcd = EtcdExtension.singleNode();

  @Override
  protected RegistryStore newStore(Duration ttl) {
    return new EtcdStore(
        EtcdEndpoints.parse(etcd.endpoints()), TestStores.settings().withSessionTtl(ttl));
  }
}
