package dev.weft.controlplane.xds;

import dev.weft.controlplane.mesh.InvalidNodeException;
import dev.weft.controlplane.mesh.NodeInfo;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each stream's node from its first request (later requests may omit it), tells ACKs from
 * NACKs by the nonce and {@code error_detail}, and records both. java-control-plane calls it on the
 * stream's thread just before it asks the watcher for a watch, which is how the watcher learns the
 * stream a request belongs to.
 */
final class StreamTracker implements DiscoveryServerCallbacks {
  private static final Logger log = LoggerFactory.getLogger(StreamTracker.class);

  private final Map<Long, XdsStream> streams = new ConcurrentHashMap<>();
  private final ThreadLocal<XdsStream> current = new ThreadLocal<>();
  private final XdsStats stats;
  private final Executor pool;
  private final Consumer<XdsStream> pass;
  private final InterestIndex interests;

  StreamTracker(XdsStats stats, Executor pool, Consumer<XdsStream> pass, InterestIndex interests) {
    this.stats = stats;
    this.pool = pool;
    this.pass = pass;
    this.interests = interests;
  }

  /** The stream whose request is being handled on this thread. */
  XdsStream current() {
    XdsStream stream = current.get();
    current.remove();
    return stream;
  }

  Collection<XdsStream> all() {
    return streams.values();
  }

  List<XdsStream> ofNode(String nodeId) {
    return streams.values().stream().filter(s -> s.node.id().equals(nodeId)).toList();
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    XdsStream stream = stream(streamId, request.hasNode() ? request.getNode() : null, false);
    ResourceType type = XdsTypes.of(request.getTypeUrl());
    if (type != null) {
      synchronized (stream) {
        TypeState state = stream.type(type);
        if (!request.getResponseNonce().isEmpty()
            && request.getResponseNonce().equals(state.sentNonce)) {
          answered(stream, state, request.hasErrorDetail(), request.getErrorDetail().getMessage());
        }
      }
    }
    current.set(stream);
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request)
      throws RequestException {
    XdsStream stream = stream(streamId, request.hasNode() ? request.getNode() : null, true);
    ResourceType type = XdsTypes.of(request.getTypeUrl());
    if (type != null) {
      synchronized (stream) {
        TypeState state = stream.type(type);
        if (!request.getResponseNonce().isEmpty()
            && request.getResponseNonce().equals(state.sentNonce)) {
          answered(stream, state, request.hasErrorDetail(), request.getErrorDetail().getMessage());
        }
      }
    }
    current.set(stream);
  }

  private void answered(XdsStream stream, TypeState state, boolean nack, String error) {
    if (nack) {
      state.nackedVersion = state.sentVersion;
      state.nackError = error;
      state.nackedAtMillis = System.currentTimeMillis();
      stats.nacked();
      log.warn(
          "node '{}' rejected version {} (stream {}): {}",
          stream.node.id(),
          state.sentVersion,
          stream.id,
          error);
      return;
    }
    state.ackedVersion = state.sentVersion;
    stats.acked();
    if (state.convergeFromNanos != 0) {
      stats.converged(System.nanoTime() - state.convergeFromNanos);
      state.convergeFromNanos = 0;
    }
  }

  private XdsStream stream(long streamId, Node node, boolean delta) throws RequestException {
    XdsStream stream = streams.get(streamId);
    if (stream != null) {
      return stream;
    }
    if (node == null) {
      stats.refused();
      throw new RequestException(
          Status.INVALID_ARGUMENT.withDescription(
              "the first request of a stream must carry the node"));
    }
    NodeInfo info;
    try {
      info = NodeInfo.from(node);
    } catch (InvalidNodeException e) {
      stats.refused();
      throw new RequestException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
    }
    XdsStream created = new XdsStream(streamId, info, delta, pool, pass);
    streams.put(streamId, created);
    log.info("node '{}' connected (stream {}{})", info.id(), streamId, delta ? ", delta" : "");
    return created;
  }

  @Override
  public void onV3StreamResponse(
      long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getNonce());
  }

  @Override
  public void onV3StreamDeltaResponse(
      long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    sent(streamId, response.getTypeUrl(), response.getNonce());
  }

  private void sent(long streamId, String typeUrl, String nonce) {
    XdsStream stream = streams.get(streamId);
    ResourceType type = XdsTypes.of(typeUrl);
    if (stream != null && type != null) {
      synchronized (stream) {
        stream.type(type).sentNonce = nonce;
      }
    }
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    closed(streamId);
  }

  private void closed(long streamId) {
    XdsStream stream = streams.remove(streamId);
    if (stream != null) {
      stream.close();
      interests.forget(stream);
      log.info("node '{}' disconnected (stream {})", stream.node.id(), streamId);
    }
  }
}
