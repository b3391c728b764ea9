package dev.weft.controlplane.xds;

import com.google.protobuf.Message;
import dev.weft.controlplane.mesh.MeshSource;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.Subscription;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a stream: for each type in make-before-break order (CDS, EDS, LDS, RDS), what the
 * stream should have now, answered if the client has not got it, did not reject it, and is waiting.
 * A cluster leaving CDS stays one generation longer, until the routes sent in the same pass are
 * answered, so no route names a cluster the client already dropped.
 */
final class StreamPass {
  private static final Logger log = LoggerFactory.getLogger(StreamPass.class);

  private final ResourceSource source;
  private final MeshSource mesh;
  private final ResourceHash hashes;
  private final XdsStats stats;
  private final ScheduledExecutorService scheduler;
  private final Duration sessionGrace;
  private final BiConsumer<XdsStream, Set<ServiceId>> interestChanged;
  private final Set<String> reportedInvalid = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ConcurrentMap<Message, Optional<String>> validity =
      new com.google.common.collect.MapMaker().weakKeys().makeMap();

  StreamPass(
      ResourceSource source,
      MeshSource mesh,
      ResourceHash hashes,
      XdsStats stats,
      ScheduledExecutorService scheduler,
      Duration sessionGrace,
      BiConsumer<XdsStream, Set<ServiceId>> interestChanged) {
    this.source = source;
    this.mesh = mesh;
    this.hashes = hashes;
    this.stats = stats;
    this.scheduler = scheduler;
    this.sessionGrace = sessionGrace;
    this.interestChanged = interestChanged;
  }

  void run(XdsStream stream) {
    long start = System.nanoTime();
    XdsStream.Dirt dirt = stream.takeDirt();
    Optional<NodeDemand> known = mesh.demand(stream.node.id());
    NodeDemand demand = known.orElse(NodeDemand.NONE);
    boolean waitForSession =
        stream.node.sessionBacked()
            && (known.isEmpty() || !known.get().settled())
            && System.nanoTime() - stream.openedAtNanos < sessionGrace.toNanos();
    if (waitForSession) {
      long left = sessionGrace.toNanos() - (System.nanoTime() - stream.openedAtNanos);
      scheduler.schedule((Runnable) stream::schedule, Math.max(left, 1), TimeUnit.NANOSECONDS);
    }
    boolean routesSettled = true;
    Set<ServiceId> demanded = new HashSet<>();
    demand.subscriptions().stream().map(Subscription::service).forEach(demanded::add);
    Set<ServiceId> interest = new HashSet<>(demanded);
    // Index the stream by what it depends on before reading any service: a change that lands
    // after this point queues another pass, so none is lost between reading and indexing.
    synchronized (stream) {
      for (ResourceType type : XdsTypes.IN_ORDER) {
        TypeState state = stream.typeIfPresent(type);
        if (state != null && !state.wildcard) {
          interest.addAll(namedServices(type, state));
        }
      }
    }
    interestChanged.accept(stream, interest);
    long changeAt;
    synchronized (stream) {
      changeAt = stream.pendingChangeNanos;
      stream.pendingChangeNanos = 0;
    }
    for (ResourceType type : XdsTypes.IN_ORDER) {
      synchronized (stream) {
        TypeState state = stream.typeIfPresent(type);
        if (state == null) {
          continue;
        }
        if (waitForSession) {
          // Every type waits, not only the wildcard ones: a sidecar that reconnects asks for its
          // route configurations by name at once, and those are built from the session's demand.
          continue;
        }
        boolean concerned =
            dirt.types().contains(type)
                || (state.wildcard
                    ? source.wildcardReadsServices(type)
                        && !Collections.disjoint(demanded, dirt.services())
                    : !Collections.disjoint(namedServices(type, state), dirt.services()));
        if (!concerned) {
          continue;
        }
        boolean sent =
            stream.delta
                ? answerDelta(stream, type, state, demand)
                : answer(stream, type, state, demand);
        if (sent) {
          state.convergeFromNanos = changeAt;
          stats.pushed();
        } else if (type == ResourceType.ROUTE || type == ResourceType.LISTENER) {
          // A route type neither answered now nor waiting has a push in flight.
          routesSettled &= (stream.delta ? state.deltaWatch : state.watch) != null;
        }
      }
    }
    synchronized (stream) {
      if (!stream.dyingClusters.isEmpty() && routesSettled) {
        // Every route update is on the wire ahead of the next CDS push: the kept clusters can go.
        stream.releasedClusters = stream.dyingClusters;
        stream.dyingClusters = Set.of();
        stream.schedule();
      }
    }
    stats.passTook(System.nanoTime() - start);
  }

  private boolean answer(XdsStream stream, ResourceType type, TypeState state, NodeDemand demand) {
    Watch watch = state.watch;
    if (watch == null || watch.isCancelled()) {
      return false;
    }
    Map<String, Message> resources = desired(stream, type, state, demand, state.names);
    if (type == ResourceType.CLUSTER) {
      keepDyingClusters(stream, state, resources);
    }
    TreeMap<String, String> versions = versions(resources);
    String version = ResourceHash.ofSet(versions);
    if (version.equals(state.requestVersion) || version.equals(state.rejectedVersion)) {
      return false;
    }
    List<Message> send = changedOnly(type, state, resources, versions);
    if (send == null) {
      send = List.copyOf(resources.values());
    } else if (send.isEmpty()) {
      return false; // only names the client still holds went away; EDS has no deletion to send
    }
    try {
      watch.respond(Response.create(watch.request(), send, version));
    } catch (WatchCancelledException e) {
      return false;
    }
    state.watch = null;
    state.sent = Map.copyOf(resources);
    state.sentHashes = versions;
    state.sentVersion = version;
    return true;
  }

  private boolean answerDelta(
      XdsStream stream, ResourceType type, TypeState state, NodeDemand demand) {
    DeltaWatch watch = state.deltaWatch;
    if (watch == null || watch.isCancelled() || state.parkedAfterNack) {
      return false;
    }
    Set<String> names = new HashSet<>(watch.trackedResources().keySet());
    names.addAll(watch.pendingResources());
    Map<String, Message> resources = desired(stream, type, state, demand, names);
    if (type == ResourceType.CLUSTER) {
      keepDyingClusters(stream, state, resources);
    }
    TreeMap<String, String> versions = versions(resources);
    Map<String, VersionedResource<?>> changed = new LinkedHashMap<>();
    versions.forEach(
        (name, hash) -> {
          if (!hash.equals(watch.trackedResources().get(name))) {
            changed.put(name, VersionedResource.create(resources.get(name), hash));
          }
        });
    List<String> removed = new ArrayList<>();
    for (String name : watch.trackedResources().keySet()) {
      if (!resources.containsKey(name)) {
        removed.add(name);
      }
    }
    if (changed.isEmpty() && removed.isEmpty()) {
      return false;
    }
    String version = ResourceHash.ofSet(versions);
    try {
      watch.respond(DeltaResponse.create(watch.request(), changed, removed, version));
    } catch (WatchCancelledException e) {
      return false;
    }
    state.deltaWatch = null;
    state.sent = Map.copyOf(resources);
    state.sentHashes = versions;
    state.sentVersion = version;
    return true;
  }

  private Map<String, Message> desired(
      XdsStream stream, ResourceType type, TypeState state, NodeDemand demand, Set<String> names) {
    Map<String, Message> raw =
        state.wildcard
            ? source.wildcard(type, stream.node, demand)
            : source.named(type, names, stream.node, demand);
    Map<String, Message> valid = new TreeMap<>();
    raw.forEach(
        (name, resource) -> {
          Optional<String> problem =
              validity.computeIfAbsent(resource, r -> source.invalid(type, r));
          if (problem.isEmpty()) {
            valid.put(name, resource);
            return;
          }
          stats.invalid();
          if (reportedInvalid.add(name + "@" + hashes.of(resource))) {
            log.warn(
                "not publishing {} '{}' to node '{}': {}",
                XdsTypes.url(type),
                name,
                stream.node.id(),
                problem.get());
          }
          Message lastGood = state.sent.get(name);
          if (lastGood != null) {
            valid.put(name, lastGood);
          }
        });
    return valid;
  }

  /**
   * What a response must carry. LDS and CDS responses list every resource (a missing one is a
   * deletion); RDS and EDS ones may carry only what changed since the last accepted response, which
   * turns a change of one service into a small push to each of its subscribers. Null: send all.
   */
  private static List<Message> changedOnly(
      ResourceType type,
      TypeState state,
      Map<String, Message> resources,
      TreeMap<String, String> versions) {
    boolean partialAllowed =
        !XdsTypes.wildcardCapable(type)
            && state.rejectedVersion.isEmpty()
            && !state.sentVersion.isEmpty()
            && state.sentVersion.equals(state.requestVersion);
    if (!partialAllowed) {
      return null;
    }
    List<Message> changed = new ArrayList<>();
    versions.forEach(
        (name, hash) -> {
          if (!hash.equals(state.sentHashes.get(name))) {
            changed.add(resources.get(name));
          }
        });
    return changed;
  }

  /** Clusters sent before and wanted no more stay while routes may still name them. */
  private static void keepDyingClusters(
      XdsStream stream, TypeState state, Map<String, Message> resources) {
    Set<String> dying = new HashSet<>();
    for (Map.Entry<String, Message> sent : state.sent.entrySet()) {
      if (!resources.containsKey(sent.getKey())
          && !stream.releasedClusters.contains(sent.getKey())) {
        dying.add(sent.getKey());
        resources.put(sent.getKey(), sent.getValue());
      }
    }
    stream.dyingClusters = Set.copyOf(dying);
    stream.releasedClusters = Set.of();
  }

  /** The services a named subscription reads, worked out once per set of names. */
  private Set<ServiceId> namedServices(ResourceType type, TypeState state) {
    if (state.namedServicesOf != state.names) {
      state.namedServices = source.servicesNamed(type, state.names);
      state.namedServicesOf = state.names;
    }
    return state.namedServices;
  }

  private TreeMap<String, String> versions(Map<String, Message> resources) {
    TreeMap<String, String> versions = new TreeMap<>();
    resources.forEach((name, resource) -> versions.put(name, hashes.of(resource)));
    return versions;
  }
}
