package dev.weft.registry.store.etcd;

import java.time.Duration;
import java.util.UUID;

/** Settings for tests: a fresh root prefix each time, so tests can share one etcd. */
final class TestStores {
  private TestStores() {}

  static EtcdStoreSettings settings() {
    return EtcdStoreSettings.defaults()
        .withRootPrefix("/weft-test/" + UUID.randomUUID() + "/")
        .withSessionTtl(Duration.ofSeconds(2))
        .withRequestTimeout(Duration.ofSeconds(2))
        .withWatchCheckInterval(Duration.ofSeconds(1));
  }
}
