package dev.weft.cli;

import dev.weft.registry.server.RegistryNode;
import dev.weft.registry.server.RegistryServer;
import dev.weft.registry.store.memory.MemoryStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A registry node on the memory store with its API on 127.0.0.1, for the client commands. */
final class InProcessRegistry implements AutoCloseable {
  private final Duration ttl;
  private RegistryNode node;
  private RegistryServer server;
  private int port;

  private InProcessRegistry(Duration ttl) {
    this.ttl = ttl;
  }

  /** Starts on a free port. */
  static InProcessRegistry start(Duration ttl) throws Exception {
    InProcessRegistry registry = new InProcessRegistry(ttl);
    registry.startOn(0);
    return registry;
  }

  private void startOn(int wanted) throws Exception {
    node = new RegistryNode(new MemoryStore(ttl), Duration.ofMillis(10), Duration.ofMillis(100));
    node.ready().get(5, TimeUnit.SECONDS);
    try {
      server = RegistryServer.start(node, new InetSocketAddress("127.0.0.1", wanted));
    } catch (IOException e) {
      node.close();
      throw e;
    }
    port = server.port();
  }

  /** Stops and starts again, empty, on the same port: as a control plane restart. */
  void restart() throws Exception {
    close();
    startOn(port);
  }

  /** Stops serving; {@link #restart} brings it back. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
      node.close();
      server = null;
    }
  }

  /** {@code 127.0.0.1:<port>}, for {@code --registry}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }
}
