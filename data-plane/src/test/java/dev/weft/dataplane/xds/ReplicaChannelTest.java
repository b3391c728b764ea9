package dev.weft.dataplane.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.config.HostPort;
import dev.weft.testing.FreePorts;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channel over replicas: host names, the order of preference, and the replica in use. */
class ReplicaChannelTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Opens an ADS stream on {@code channel} and sends one request. */
  private static ClientCallStreamObserver<DiscoveryRequest> stream(ReplicaChannel channel) {
    ClientCallStreamObserver<DiscoveryRequest> requests =
        (ClientCallStreamObserver<DiscoveryRequest>)
            AggregatedDiscoveryServiceGrpc.newStub(channel)
                .streamAggregatedResources(
                    new StreamObserver<DiscoveryResponse>() {
                      @Override
                      public void onNext(DiscoveryResponse response) {}

                      @Override
                      public void onError(Throwable error) {}

                      @Override
                      public void onCompleted() {}
                    });
    requests.onNext(
        DiscoveryRequest.newBuilder()
            .setNode(Node.newBuilder().setId("n"))
            .setTypeUrl(XdsType.CDS.typeUrl())
            .build());
    return requests;
  }

  @Test
  void aHostNameIsLookedUpAndTheReplicaInUseIsItsAddress() throws Exception {
    try (TestControlPlane plane = TestControlPlane.on(FreePorts.loopback())) {
      ReplicaChannel channel =
          ReplicaChannel.create(List.of(new HostPort("localhost", plane.port())), b -> b);
      try {
        assertThat(channel.remoteAddress()).as("no call yet").isEmpty();
        assertThat(channel.describe()).isEqualTo("localhost:" + plane.port());

        ClientCallStreamObserver<DiscoveryRequest> requests = stream(channel);

        await().atMost(WAIT).until(() -> !plane.requests.isEmpty());
        assertThat(channel.remoteAddress()).contains("127.0.0.1:" + plane.port());
        requests.cancel("done", null);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void itsConnectionCarriesATcpKeepaliveSoAVanishedReplicaIsNoticed() throws Exception {
    try (TestControlPlane plane = TestControlPlane.on(FreePorts.loopback())) {
      ReplicaChannel channel =
          ReplicaChannel.create(List.of(new HostPort("127.0.0.1", plane.port())), b -> b);
      try {
        ClientCallStreamObserver<DiscoveryRequest> requests = stream(channel);
        await().atMost(WAIT).until(() -> !plane.requests.isEmpty());

        // The kernel's own view of the connection: its keepalive timer is armed, and fires within
        // KEEPALIVE_IDLE of quiet (the OS default is two hours, and off unless asked for).
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(timersOfConnectionsTo(plane.port()))
                        .isNotEmpty()
                        .allSatisfy(
                            timer -> {
                              assertThat(timer.kind()).as("timer kind").isEqualTo(KEEPALIVE_TIMER);
                              assertThat(timer.expiresIn())
                                  .isPositive()
                                  .isLessThanOrEqualTo(ReplicaChannel.KEEPALIVE_IDLE);
                            }));
        requests.cancel("done", null);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** In /proc/net/tcp, the timer kind of a connection whose keepalive timer is pending. */
  private static final int KEEPALIVE_TIMER = 2;

  /** A connection's pending timer, as /proc/net/tcp shows it. */
  private record SocketTimer(int kind, Duration expiresIn) {}

  /** The timers of established connections to {@code port} on loopback, IPv4 and IPv6 sockets. */
  private static List<SocketTimer> timersOfConnectionsTo(int port) throws IOException {
    String remote = String.format(":%04X", port);
    List<SocketTimer> timers = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when ...
        String[] fields = line.trim().split("\\s+");
        if (fields[2].endsWith(remote) && fields[3].equals("01")) {
          String[] timer = fields[5].split(":");
          // Expiry in clock ticks of USER_HZ, which is 100 on Linux.
          timers.add(
              new SocketTimer(
                  Integer.parseInt(timer[0], 16),
                  Duration.ofMillis(Long.parseLong(timer[1], 16) * 10)));
        }
      }
    }
    return timers;
  }

  @Test
  void itTakesTheFirstReplicaThatAcceptsAConnectionInTheOrderGiven() throws Exception {
    int[] ports = FreePorts.distinct("127.0.0.1", 3);
    try (TestControlPlane second = TestControlPlane.on(ports[1]);
        TestControlPlane third = TestControlPlane.on(ports[2])) {
      ReplicaChannel channel =
          ReplicaChannel.create(
              List.of(
                  new HostPort("127.0.0.1", ports[0]), // nobody
                  new HostPort("127.0.0.1", ports[1]),
                  new HostPort("127.0.0.1", ports[2])),
              b -> b);
      try {
        ClientCallStreamObserver<DiscoveryRequest> requests = stream(channel);

        await().atMost(WAIT).until(() -> !second.requests.isEmpty());
        assertThat(third.requests).isEmpty();
        assertThat(channel.remoteAddress()).contains("127.0.0.1:" + ports[1]);
        requests.cancel("done", null);
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
