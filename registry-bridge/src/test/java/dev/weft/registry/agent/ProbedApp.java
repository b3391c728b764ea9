package dev.weft.registry.agent;

import dev.weft.registry.model.Protocol;
import dev.weft.testing.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * An app's port on 127.0.0.1 for the agent's liveness probe: listening or not, as a test says;
 * {@link #close} is the app killed (no unpublish).
 */
final class ProbedApp implements AutoCloseable {
  final int port = FreePorts.loopback();
  private ServerSocket socket;

  /** An agent whose app of {@code protocol} listens on this port, probed with {@code probe}. */
  AgentFixture agent(Protocol protocol, int ingress, int egress, AppProbe probe) throws Exception {
    return new AgentFixture(
        ClusterWarmth.alwaysWarm(),
        s -> s.withPorts(protocol, new ProtocolPorts(port, ingress, egress)).withAppProbe(probe));
  }

  /** The app listens (again). */
  void listen() throws IOException {
    socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress("127.0.0.1", port));
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
