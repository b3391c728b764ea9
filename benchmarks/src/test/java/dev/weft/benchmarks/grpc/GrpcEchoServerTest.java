package dev.weft.benchmarks.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.FreePorts;
import io.grpc.Server;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load script's server answers its one method with the request, and the check tells. */
class GrpcEchoServerTest {
  private Server server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCallComesBackOkWithTheRequestBytes() throws Exception {
    server = GrpcEchoServer.start(new InetSocketAddress("127.0.0.1", 0));

    GrpcEchoCheck.Result result =
        GrpcEchoCheck.call(new InetSocketAddress("127.0.0.1", server.getPort()));

    assertThat(result.ok()).isTrue();
    assertThat(result.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(result).hasToString("grpc-status 0 (OK), reply echoes the request");
  }

  @Test
  void theCheckFailsWhenNothingAnswers() throws Exception {
    int port = FreePorts.loopback();

    GrpcEchoCheck.Result result = GrpcEchoCheck.call(new InetSocketAddress("127.0.0.1", port));

    assertThat(result.ok()).isFalse();
    assertThat(result.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(result.toString()).startsWith("grpc-status 14 (UNAVAILABLE");
  }

  @Test
  void targetsAreHostColonPort() {
    assertThat(Targets.parse("127.0.0.1:50051"))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 50051));
    assertThatThrownBy(() -> Targets.parse("127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected host:port, got \"127.0.0.1\"");
  }
}
