package dev.weft.cli;

import dev.weft.dataplane.config.HostPort;
import dev.weft.registry.etcd.EtcdEndpoints;
import java.time.Duration;

/**
 * The registry side of {@code weft control-plane}, checked: which store, where the registry API
 * listens, the session TTL and the push quiet time.
 *
 * @param etcdEndpoints meaningful only for {@link StoreKind#ETCD}
 */
record RegistrySettings(
    StoreKind store,
    EtcdEndpoints etcdEndpoints,
    HostPort registryAddress,
    Duration sessionTtl,
    Duration pushQuiet) {

  /** Where publications are kept ({@code --store}). */
  enum StoreKind {
    MEMORY,
    ETCD
  }

  /** What the store is, for "cannot reach ..." errors: {@code etcd}, or the memory store. */
  String storeName() {
    return store == StoreKind.ETCD ? "etcd" : "the memory store";
  }

  /** Where the store is, for "cannot reach ..." errors. */
  String storeAddress() {
    return store == StoreKind.ETCD ? etcdEndpoints.toString() : "this process";
  }
}
