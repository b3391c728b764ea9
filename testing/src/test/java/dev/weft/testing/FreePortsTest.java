package dev.weft.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void portsAreDistinctAndBindable() throws Exception {
    int[] ports = FreePorts.distinct("127.0.0.1", 5);

    assertThat(ports).hasSize(5).doesNotHaveDuplicates();
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void otherLoopbackAddressesWork() throws Exception {
    int port = FreePorts.on("127.0.0.3");
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.3", port));
      assertThat(socket.isBound()).isTrue();
    }
  }
}
