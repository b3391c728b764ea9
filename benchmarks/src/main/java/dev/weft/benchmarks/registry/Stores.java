package dev.weft.benchmarks.registry;

import dev.weft.registry.etcd.EtcdEndpoints;
import dev.weft.registry.store.RegistryStore;
import dev.weft.registry.store.etcd.EtcdStore;
import dev.weft.registry.store.etcd.EtcdStoreSettings;
import dev.weft.registry.store.memory.MemoryStore;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/** What the registry benchmarks share: the store to run on, and how figures are printed. */
final class Stores {
  private Stores() {}

  /** {@code memory}, or an etcd endpoint URL such as {@code http://127.0.0.1:2379}. */
  static RegistryStore open(String spec, Duration ttl) {
    if (spec.equals("memory")) {
      return new MemoryStore(ttl);
    }
    // A fresh root per run, so runs never see each other's publications.
    return new EtcdStore(
        EtcdEndpoints.parse(spec),
        EtcdStoreSettings.defaults()
            .withSessionTtl(ttl)
            .withRootPrefix("/weft-bench/" + System.nanoTime() + "/"));
  }

  static String summary(Histogram micros) {
    return String.format(
        "n=%d p50=%.1fms p99=%.1fms max=%.1fms",
        micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0);
  }
}
