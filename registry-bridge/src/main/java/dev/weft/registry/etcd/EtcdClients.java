package dev.weft.registry.etcd;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
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

  /**
   * Makes {@code client} try to connect again now instead of when gRPC's reconnect backoff says (1
   * s growing by 1.6 each failure, up to 2 minutes). After etcd has been down for a few seconds
   * that backoff alone can outlast a session's lease once etcd is back; callers that see a request
   * fail for want of a connection call this so the next attempt finds etcd at once.
   *
   * <p>jetcd does not expose its channel, so this reaches it by reflection; if a jetcd release
   * moves it, this does nothing and returns false, and the backoff applies as before.
   *
   * @return whether the channel was found
   */
  public static boolean reconnectNow(Client client) {
    ManagedChannel channel = ChannelAccess.channel(client);
    if (channel == null) {
      return false;
    }
    channel.resetConnectBackoff();
    return true;
  }

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
