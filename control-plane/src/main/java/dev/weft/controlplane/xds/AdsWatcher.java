package dev.weft.controlplane.xds;

import dev.weft.controlplane.mesh.MeshListener;
import dev.weft.registry.model.ServiceId;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Weft's {@link ConfigWatcher}: java-control-plane asks it for a watch on every request that is not
 * stale; it records what the stream asks for and queues a pass on the stream, which answers if
 * there is something new. Mesh changes queue passes on the streams they concern. Unlike {@code
 * SimpleCache}, it never answers a NACK with the version that was rejected, answers named requests
 * with the names that exist, and keeps the node of a stream's first request.
 */
final class AdsWatcher implements ConfigWatcher, MeshListener {
  private final StreamTracker streams;
  private final InterestIndex interests;

  AdsWatcher(StreamTracker streams, InterestIndex interests) {
    this.streams = streams;
    this.interests = interests;
  }

  @Override
  public Watch createWatch(
      boolean ads,
      XdsRequest request,
      Set<String> knownResourceNames,
      Consumer<Response> responseConsumer,
      boolean hasClusterChanged,
      boolean allowDefaultEmptyEdsUpdate) {
    Watch watch = new Watch(ads, allowDefaultEmptyEdsUpdate, request, responseConsumer);
    XdsStream stream = streams.current();
    ResourceType type = XdsTypes.of(request.getTypeUrl());
    if (stream == null || type == null) {
      return watch; // never answered: a type Weft does not serve
    }
    synchronized (stream) {
      TypeState state = stream.type(type);
      List<String> names = request.getResourceNamesList();
      if (names.contains("*")) {
        state.wildcard = true;
        Set<String> rest = new HashSet<>(names);
        rest.remove("*");
        state.names = Set.copyOf(rest);
      } else if (names.isEmpty()) {
        state.wildcard = XdsTypes.wildcardCapable(type) && !state.named;
        state.names = Set.of();
      } else {
        state.wildcard = false;
        state.named = true;
        state.names = Set.copyOf(names);
      }
      state.requestVersion = request.getVersionInfo();
      if (request.hasErrorDetail()) {
        state.rejectedVersion = state.sentVersion;
      }
      state.watch = watch;
      watch.setStop(
          () -> {
            synchronized (stream) {
              if (state.watch == watch) {
                state.watch = null;
              }
            }
          });
    }
    stream.schedule(type);
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
    DeltaWatch watch =
        new DeltaWatch(
            request,
            Map.copyOf(resourceVersions),
            Set.copyOf(pendingResources),
            requesterVersion,
            isWildcard,
            responseConsumer);
    XdsStream stream = streams.current();
    ResourceType type = XdsTypes.of(request.getTypeUrl());
    if (stream == null || type == null) {
      return watch;
    }
    synchronized (stream) {
      TypeState state = stream.type(type);
      state.wildcard = isWildcard;
      Set<String> names = new HashSet<>(resourceVersions.keySet());
      names.addAll(pendingResources);
      state.names = Set.copyOf(names);
      state.parkedAfterNack = request.hasErrorDetail();
      state.deltaWatch = watch;
      watch.setStop(
          () -> {
            synchronized (stream) {
              if (state.deltaWatch == watch) {
                state.deltaWatch = null;
              }
            }
          });
    }
    stream.schedule(type);
    return watch;
  }

  @Override
  public void servicesChanged(Set<ServiceId> services, long changedAtNanos) {
    interests.streamsFor(services).forEach(s -> s.schedule(changedAtNanos, services));
  }

  @Override
  public void demandChanged(String nodeId) {
    streams.ofNode(nodeId).forEach(s -> s.scheduleAll(System.nanoTime()));
  }
}
