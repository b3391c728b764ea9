package dev.weft.registry.etcd;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Finds the gRPC channel inside a jetcd 0.8 client: {@code ClientImpl.connectionManager}. */
final class ChannelAccess {
  private ChannelAccess() {}

  /** The channel, or null when this jetcd keeps it elsewhere. */
  static ManagedChannel channel(Client client) {
    try {
      Field manager = client.getClass().getDeclaredField("connectionManager");
      manager.setAccessible(true);
      Object connections = manager.get(client);
      Method getChannel = connections.getClass().getDeclaredMethod("getChannel");
      getChannel.setAccessible(true);
      return (ManagedChannel) getChannel.invoke(connections);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
