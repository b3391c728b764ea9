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
import java.time.Duration;
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
