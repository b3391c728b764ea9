package dev.weft.dataplane.proxy.tcp;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.network.Transport;
import dev.weft.dataplane.server.SidecarOptions;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every tcp_proxy test again on Java NIO, whose half-close and writability paths differ. */
class TcpProxyNioTest extends TcpProxyTest {
  @Override
  SidecarOptions options() {
    return new SidecarOptions(Transport.nio(), 2);
  }

  /**
   * A client that half-closes at once and then reads slowly still gets every byte. NIO only: with
   * Netty 4.2.18's epoll transport, a write that must wait for socket space on a connection whose
   * input is already shut fails (the socket is dropped from epoll when no events are wanted and not
   * added back); the sidecar then resets both connections, see {@link TcpProxySession}.
   */
  @Test
  void aClientThatHalfClosesBeforeReadingStillGetsEveryByte() throws Exception {
    EchoServer echo = echo(null);
    startSidecar("{\"cluster\": \"echo\"}", cluster("echo", "LB_ROUNDROBIN", local(echo.port())));
    byte[] payload = payload();
    Socket client = slowClient();
    CompletableFuture<Void> writer = write(client, payload, true);

    awaitBackpressure();
    byte[] digest = readDigest(client, -1);
    writer.get();

    assertThat(digest).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
    assertThat(echo.endsSeen).hasValue(1);
  }
}
