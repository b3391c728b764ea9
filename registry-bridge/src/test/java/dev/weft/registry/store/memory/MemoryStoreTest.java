package dev.weft.registry.store.memory;

import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.RegistryStoreContract;
import java.time.Duration;

class MemoryStoreTest extends RegistryStoreContract {
  @Override
  protected RegistryStore newStore(Duration ttl) {
    return new MemoryStore(ttl);
  }
}
