package dev.weft.dataplane.upstream;

import dev.weft.dataplane.protocol.ClientStream;

/** How a pool hands a waiting request its stream, or tells it why not. */
public interface PoolCallbacks {
  void onReady(ClientStream stream, Host host);

  void onFailure(PoolFailure failure, Host host);
}
