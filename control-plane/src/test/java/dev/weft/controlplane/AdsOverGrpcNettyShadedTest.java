package dev.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * java-control-plane's ADS service served and called over grpc-netty-shaded on loopback. This is
 * the call that fails at run time (not at compile time) when grpc artifacts are not aligned by the
 * grpc-bom; see DEVELOPERS.md.
 */
class AdsOverGrpcNettyShadedTest {
  private static final Cluster CLUSTER =
      Cluster.newBuilder().setName("com.example.HelloService:1.0").build();

  /** Answers CDS with one cluster at version "1", and never answers again. */
  private static final class OneClusterWatcher implements ConfigWatcher {
    @Override
    public Watch createWatch(
        boolean ads,
        XdsRequest request,
        Set<String> knownResourceNames,
        Consumer<Response> responseConsumer,
        boolean hasClusterChanged,
        boolean allowDefaultEmptyEdsUpdate) {
      Watch watch = new Watch(ads, allowDefaultEmptyEdsUpdate, request, responseConsumer);
      if (request.getResourceType() == Resources.ResourceType.CLUSTER
          && !"1".equals(request.getVersionInfo())) {
        responseConsumer.accept(Response.create(request, List.<Message>of(CLUSTER), "1"));
      }
      return watch;
    }

    @Override
    public DeltaWatch createDeltaWatch(
        DeltaXdsRequest request,
        String requesterVersion,
        Map<String, String> resourceVersions,
        Set<String> pendingResources,
        boolean isWildcard,
        Consumer<DeltaResponse> responseConsumer,
        boolean hasClusterChanged) {
      return new DeltaWatch(
          request,
          resourceVersions,
          pendingResources,
          requesterVersion,
          isWildcard,
          responseConsumer);
    }
  }

  @Test
  void anAdsClientReceivesTheClusterAndItsVersion() throws Exception {
    V3DiscoveryServer discovery = new V3DiscoveryServer(new OneClusterWatcher());
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(discovery.getAggregatedDiscoveryServiceImpl())
            .build()
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    try {
      StreamObserver<DiscoveryRequest> requests =
          AggregatedDiscoveryServiceGrpc.newStub(channel)
              .streamAggregatedResources(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(DiscoveryResponse response) {
                      received.add(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                      received.add(t);
                    }

                    @Override
                    public void onCompleted() {
                      received.add("completed");
                    }
                  });
      requests.onNext(
          DiscoveryRequest.newBuilder()
              .setNode(Node.newBuilder().setId("sidecar-1").setCluster("hello-consumer"))
              .setTypeUrl(Resources.V3.CLUSTER_TYPE_URL)
              .build());

      Object first = received.poll(20, TimeUnit.SECONDS);
      assertThat(first).isInstanceOf(DiscoveryResponse.class);
      DiscoveryResponse response = (DiscoveryResponse) first;
      assertThat(response.getTypeUrl()).isEqualTo(Resources.V3.CLUSTER_TYPE_URL);
      assertThat(response.getVersionInfo()).isEqualTo("1");
      assertThat(response.getNonce()).isNotEmpty();
      assertThat(response.getResourcesList()).hasSize(1);
      assertThat(response.getResources(0).unpack(Cluster.class)).isEqualTo(CLUSTER);

      requests.onCompleted();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
