package dev.weft.registry.etcd;

import io.etcd.jetcd.Client;
import java.net.URI;
import java.time.Duration;

/** Builds jetcd clients with the settings every Weft registry store uses. */
public final class EtcdClients {
  /**
   * etcd rejects client keepalive pings more often than {@code --grpc-keepalive-min-time} (5 s).
   */
  static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);

  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private EtcdClients() {}

  /** A client for these endpoints; connecting is lazy, so this never blocks. */
  public static Client connect(EtcdEndpoints endpoints) {
    return Client.builder()
        .endpoints(endpoints.urls().toArray(URI[]::new))
        .keepaliveTime(KEEPALIVE_TIME)
        .keepaliveTimeout(KEEPALIVE_TIMEOUT)
        .keepaliveWithoutCalls(true)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }
}
