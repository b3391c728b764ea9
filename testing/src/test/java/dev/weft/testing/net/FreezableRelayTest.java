package dev.weft.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The relay passes bytes both ways until frozen; then it passes nothing and closes nothing. */
class FreezableRelayTest {
  @Test
  void passesBytesBothWaysUntilFrozenThenNothingAndNoConnectionCloses() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FreezableRelay relay =
            FreezableRelay.to(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort()));
        Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port());
        Socket server = target.accept()) {
      client.setSoTimeout(2000);
      server.setSoTimeout(2000);
      client.getOutputStream().write('a');
      assertThat(server.getInputStream().read()).isEqualTo('a');
      server.getOutputStream().write('b');
      assertThat(client.getInputStream().read()).isEqualTo('b');

      relay.freeze();
      client.getOutputStream().write('c');
      server.getOutputStream().write('d');
      server.setSoTimeout(500);
      client.setSoTimeout(500);
      assertThatThrownBy(() -> readOne(server.getInputStream()))
          .as("nothing passes, and no end of stream either")
          .isInstanceOf(SocketTimeoutException.class);
      assertThatThrownBy(() -> readOne(client.getInputStream()))
          .isInstanceOf(SocketTimeoutException.class);
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), relay.port()).close())
          .as("no new connection")
          .isInstanceOf(IOException.class);
    }
  }

  private static int readOne(InputStream in) throws IOException {
    return in.read();
  }
}
