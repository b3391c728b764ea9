package dev.weft.controlplane.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw ADS stream (state of the world or delta) whose responses a test polls. */
final class AdsClient<Q, R> implements AutoCloseable {
  final BlockingQueue<R> responses = new LinkedBlockingQueue<>();
  final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
  private final StreamObserver<Q> requests;

  private AdsClient(java.util.function.Function<StreamObserver<R>, StreamObserver<Q>> open) {
    this.requests =
        open.apply(
            new StreamObserver<>() {
              @Override
              public void onNext(R value) {
                responses.add(value);
              }

              @Override
              public void onError(Throwable t) {
                errors.add(t);
              }

              @Override
              public void onCompleted() {}
            });
  }

  static AdsClient<DiscoveryRequest, DiscoveryResponse> sotw(ManagedChannel channel) {
    return new AdsClient<>(
        AggregatedDiscoveryServiceGrpc.newStub(channel)::streamAggregatedResources);
  }

  static AdsClient<DeltaDiscoveryRequest, DeltaDiscoveryResponse> delta(ManagedChannel channel) {
    return new AdsClient<>(
        AggregatedDiscoveryServiceGrpc.newStub(channel)::deltaAggregatedResources);
  }

  static Node node(String id) {
    return Node.newBuilder().setId(id).setCluster("test").build();
  }

  static DiscoveryRequest request(
      Node node, String typeUrl, List<String> names, String version, String nonce) {
    DiscoveryRequest.Builder request =
        DiscoveryRequest.newBuilder()
            .setTypeUrl(typeUrl)
            .addAllResourceNames(names)
            .setVersionInfo(version)
            .setResponseNonce(nonce);
    if (node != null) {
      request.setNode(node);
    }
    return request.build();
  }

  void send(Q request) {
    requests.onNext(request);
  }

  /** The next response, failing when none comes within {@code within}. */
  R next(Duration within) throws InterruptedException {
    R response = responses.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (response == null) {
      throw new AssertionError("no response within " + within);
    }
    return response;
  }

  /** Null when no response comes within {@code window}: the server stayed silent. */
  R nextOrNull(Duration window) throws InterruptedException {
    return responses.poll(window.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    try {
      requests.onCompleted();
    } catch (RuntimeException e) {
      // already closed by the server
    }
  }
}
