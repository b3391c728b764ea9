package dev.weft.benchmarks.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One simulated sidecar on a raw state-of-the-world ADS stream, as Envoy drives one: a wildcard CDS
 * request, then EDS by name for its clusters, and an ACK for every response as soon as it arrives.
 * Its node says it has a registry session ({@code weft.session}), whose subscriptions make its
 * clusters. Each EDS response is decoded to find the marker of every service's list ({@link
 * Convergence#marker}); a marker that changed is reported to {@link Changes} with the time the ACK
 * was sent.
 */
final class Sidecar implements StreamObserver<DiscoveryResponse> {
  static final String CLUSTER_TYPE = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String ENDPOINT_TYPE =
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

  private final Node node;
  private final int[] services;
  private final List<String> names;
  private final Map<String, Integer> local = new HashMap<>();
  private final int[] seen;
  private final Changes changes;
  private final CountDownLatch synced;
  private StreamObserver<DiscoveryRequest> requests;
  private boolean endpointsRequested;
  private boolean isSynced;
  private volatile String failure;

  /**
   * {@code services}: the global indices of the services it subscribes to, named by {@code names}.
   */
  Sidecar(
      String nodeId, int[] services, List<String> names, Changes changes, CountDownLatch synced) {
    this.node =
        Node.newBuilder()
            .setId(nodeId)
            .setCluster("bench")
            .setMetadata(
                Struct.newBuilder()
                    .putFields("weft.session", Value.newBuilder().setBoolValue(true).build()))
            .build();
    this.services = services.clone();
    this.names = List.copyOf(names);
    for (int i = 0; i < this.names.size(); i++) {
      local.put(this.names.get(i), i);
    }
    this.seen = new int[services.length];
    Arrays.fill(seen, -1);
    this.changes = changes;
    this.synced = synced;
  }

  /** Opens the stream and asks for every cluster. */
  synchronized void open(Channel channel) {
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(this);
    requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CLUSTER_TYPE).build());
  }

  @Override
  public synchronized void onNext(DiscoveryResponse response) {
    try {
      switch (response.getTypeUrl()) {
        case CLUSTER_TYPE -> onClusters(response);
        case ENDPOINT_TYPE -> onEndpoints(response);
        default -> fail("unexpected type " + response.getTypeUrl());
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      fail(e.toString());
    }
  }

  private void onClusters(DiscoveryResponse response) throws InvalidProtocolBufferException {
    ack(response, List.of());
    if (endpointsRequested) {
      return;
    }
    int found = 0;
    for (Any any : response.getResourcesList()) {
      if (local.containsKey(any.unpack(Cluster.class).getName())) {
        found++;
      }
    }
    if (found < names.size()) {
      // The registry session's subscriptions were not all in yet; the next CDS push has them.
      return;
    }
    endpointsRequested = true;
    requests.onNext(
        DiscoveryRequest.newBuilder().setTypeUrl(ENDPOINT_TYPE).addAllResourceNames(names).build());
  }

  private void onEndpoints(DiscoveryResponse response) throws InvalidProtocolBufferException {
    ack(response, names);
    long ackedAt = System.nanoTime();
    for (Any any : response.getResourcesList()) {
      ClusterLoadAssignment assignment = any.unpack(ClusterLoadAssignment.class);
      Integer i = local.get(assignment.getClusterName());
      if (i == null) {
        continue;
      }
      int marker = marker(assignment);
      if (marker != seen[i]) {
        seen[i] = marker;
        if (isSynced) {
          changes.arrived(services[i], marker, ackedAt);
        }
      }
    }
    if (!isSynced && Arrays.stream(seen).allMatch(m -> m >= 0)) {
      isSynced = true;
      synced.countDown();
    }
  }

  /** The list's marker: the highest endpoint port above {@link Convergence#MARKER_BASE}. */
  static int marker(ClusterLoadAssignment assignment) {
    int marker = -1;
    for (LocalityLbEndpoints locality : assignment.getEndpointsList()) {
      for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
        int port = endpoint.getEndpoint().getAddress().getSocketAddress().getPortValue();
        marker = Math.max(marker, port - Convergence.MARKER_BASE);
      }
    }
    return marker;
  }

  private void ack(DiscoveryResponse response, List<String> resourceNames) {
    requests.onNext(
        DiscoveryRequest.newBuilder()
            .setTypeUrl(response.getTypeUrl())
            .addAllResourceNames(resourceNames)
            .setVersionInfo(response.getVersionInfo())
            .setResponseNonce(response.getNonce())
            .build());
  }

  private void fail(String why) {
    if (failure == null) {
      failure = node.getId() + ": " + why;
    }
  }

  @Override
  public void onError(Throwable t) {
    fail("stream failed: " + t);
  }

  @Override
  public void onCompleted() {
    fail("stream closed by the server");
  }

  /** Why the stream went wrong, or null. */
  String failure() {
    return failure;
  }

  synchronized void close() {
    if (requests != null) {
      try {
        requests.onCompleted();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }
}
