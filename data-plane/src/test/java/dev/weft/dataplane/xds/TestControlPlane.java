package dev.weft.dataplane.xds;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A minimal in-house control plane for the client's tests: java-control-plane's ADS server on a
 * {@link SimpleCache} of snapshots, one group for every node. Versions are per type and derived
 * from the content, so a restarted control plane serves the versions it served before. It records
 * every request; a NACK parks the watch until the next snapshot (SimpleCache alone would answer a
 * NACK at once with the same resources, over and over).
 */
final class TestControlPlane implements AutoCloseable {
  private static final String GROUP = "sidecars";

  private final SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
  final List<DiscoveryRequest> requests = new CopyOnWriteArrayList<>();
  final List<DiscoveryResponse> responses = new CopyOnWriteArrayList<>();
  private final int port;
  private Server server;

  private TestControlPlane(int port) {
    this.port = port;
  }

  /** A control plane on 127.0.0.1:{@code port}, serving nothing until {@link #set}. */
  static TestControlPlane on(int port) throws IOException {
    TestControlPlane plane = new TestControlPlane(port);
    plane.start();
    return plane;
  }

  int port() {
    return port;
  }

  /** Serves (again) on the same port, with the snapshot it had. */
  void start() throws IOException {
    V3DiscoveryServer discovery = new V3DiscoveryServer(new Recorder(), new NackParking());
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .withOption(ChannelOption.SO_REUSEADDR, true)
            .addService(discovery.getAggregatedDiscoveryServiceImpl())
            .build()
            .start();
  }

  /** Stops serving: streams are closed, the port refuses connections. */
  void stop() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** The resources every node gets from now on; each type's version follows its content. */
  void set(
      List<Cluster> clusters,
      List<ClusterLoadAssignment> endpoints,
      List<Listener> listeners,
      List<RouteConfiguration> routes) {
    cache.setSnapshot(
        GROUP,
        Snapshot.create(
            clusters,
            version("c", clusters),
            endpoints,
            version("e", endpoints),
            listeners,
            version("l", listeners),
            routes,
            version("r", routes),
            List.of(),
            ""));
  }

  static String version(String prefix, List<? extends Message> resources) {
    return prefix + Integer.toHexString(resources.hashCode());
  }

  List<DiscoveryRequest> nacks() {
    return requests.stream().filter(DiscoveryRequest::hasErrorDetail).toList();
  }

  /** The node of the first request of the first stream. */
  Node firstNode() {
    return requests.get(0).getNode();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private final class Recorder implements DiscoveryServerCallbacks {
    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
      requests.add(request);
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {}

    @Override
    public void onV3StreamResponse(
        long streamId, DiscoveryRequest request, DiscoveryResponse response) {
      responses.add(response);
    }
  }

  /** A NACKed version counts as known: the watch waits for the next snapshot. */
  private final class NackParking implements ConfigWatcher {
    @Override
    public Watch createWatch(
        boolean ads,
        XdsRequest request,
        Set<String> knownResourceNames,
        Consumer<Response> responseConsumer,
        boolean hasClusterChanged,
        boolean allowDefaultEmptyEdsUpdate) {
      XdsRequest asked = request;
      Snapshot snapshot = cache.getSnapshot(GROUP);
      if (request.hasErrorDetail() && snapshot != null) {
        asked =
            XdsRequest.create(
                request.v3Request().toBuilder()
                    .setVersionInfo(snapshot.version(request.getResourceType()))
                    .build());
      }
      return cache.createWatch(
          ads,
          asked,
          knownResourceNames,
          responseConsumer,
          hasClusterChanged,
          allowDefaultEmptyEdsUpdate);
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
      return cache.createDeltaWatch(
          request,
          requesterVersion,
          resourceVersions,
          pendingResources,
          isWildcard,
          responseConsumer,
          hasClusterChanged);
    }
  }
}
