package dev.weft.controlplane.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.weft.controlplane.mesh.MeshSource;
import dev.weft.controlplane.mesh.NodeDemand;
import dev.weft.controlplane.mesh.NodeInfo;
import dev.weft.controlplane.xds.ResourceSource;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.model.Subscription;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The mesh as Envoy v3 resources, for sidecars (wildcard LDS and CDS, then RDS and EDS by name) and
 * for proxyless clients that name what they want (gRPC's {@code xds:///<name>}). The mapping is
 * docs/xds-mapping.md. Output is a function of the node, its demand and the services' snapshots:
 * maps are in name order and equal inputs give equal messages. Clusters and load assignments are
 * memoized per service version. Thread-safe.
 */
public final class Translator implements ResourceSource {
  /** How many clusters, and how many load assignments, are kept at most. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** After how long unused memo entries of services without endpoints may be dropped. */
  public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);

  private final MeshSource mesh;
  private final ServiceMemo memo;

  public Translator(MeshSource mesh) {
    this(mesh, DEFAULT_MAX_ENTRIES, DEFAULT_IDLE, System::nanoTime);
  }

  Translator(MeshSource mesh, int maxEntries, Duration idle, LongSupplier nanoClock) {
    this.mesh = mesh;
    this.memo = new ServiceMemo(maxEntries, idle.toNanos(), nanoClock);
  }

  @Override
  public Map<String, Message> wildcard(ResourceType type, NodeInfo node, NodeDemand demand) {
    return sidecar(type, node, SidecarPlan.of(node, demand));
  }

  private Map<String, Message> sidecar(ResourceType type, NodeInfo node, SidecarPlan plan) {
    SortedMap<String, Message> resources = new TreeMap<>();
    switch (type) {
      case LISTENER -> resources.putAll(SidecarListeners.all(plan));
      case ROUTE -> resources.putAll(SidecarRoutes.all(plan));
      case CLUSTER -> {
        for (Subscription subscription : plan.subscriptions().values()) {
          resources.put(
              Naming.cluster(subscription.service()), memo.cluster(subscription.service()));
        }
        resources.putAll(SidecarListeners.appClusters(plan));
      }
      case ENDPOINT -> {
        for (Subscription subscription : plan.subscriptions().values()) {
          resources.put(Naming.cluster(subscription.service()), assignment(subscription, node));
        }
      }
      case SECRET -> {}
    }
    return Collections.unmodifiableSortedMap(resources);
  }

  @Override
  public Map<String, Message> named(
      ResourceType type, Set<String> names, NodeInfo node, NodeDemand demand) {
    SidecarPlan plan = SidecarPlan.of(node, demand);
    Map<String, Message> sidecar = null;
    SortedMap<String, Message> resources = new TreeMap<>();
    for (String name : new TreeSet<>(names)) {
      Message resource;
      if (Naming.isSidecar(name)) {
        if (sidecar == null) {
          sidecar = sidecar(type, node, plan);
        }
        resource = sidecar.get(name);
      } else {
        resource = service(type, name, node, plan);
      }
      if (resource != null) {
        resources.put(name, resource);
      }
    }
    return Collections.unmodifiableSortedMap(resources);
  }

  /**
   * The resource {@code name} of {@code type} when it names a service the node subscribes to or
   * that has endpoints; else null.
   */
  private Message service(ResourceType type, String name, NodeInfo node, SidecarPlan plan) {
    if (type == ResourceType.SECRET) {
      return null;
    }
    Optional<ServiceId> found = Naming.service(name);
    if (found.isEmpty()) {
      return null;
    }
    ServiceId service = found.get();
    Subscription subscription = plan.subscriptions().get(name);
    ServiceSnapshot snapshot = null;
    if (subscription == null) {
      snapshot = mesh.service(service);
      if (snapshot.endpoints().isEmpty()) {
        return null;
      }
    }
    return switch (type) {
      case LISTENER -> apiListener(name);
      case ROUTE -> apiRoutes(name, service);
      case CLUSTER -> memo.cluster(service);
      case ENDPOINT ->
          subscription != null
              ? assignment(subscription, node)
              : memo.assignment(snapshot, false, node.zone());
      case SECRET -> null;
    };
  }

  private Message assignment(Subscription subscription, NodeInfo node) {
    return memo.assignment(
        mesh.service(subscription.service()), subscription.zoneOnly(), node.zone());
  }

  /**
   * The listener a gRPC client asks for when it dials {@code xds:///<name>}: an API listener whose
   * HTTP connection manager fetches route configuration {@code name} over ADS and ends its filter
   * chain with the router (xds-notes.md section 3).
   */
  static Listener apiListener(String name) {
    return Listener.newBuilder()
        .setName(name)
        .setApiListener(
            ApiListener.newBuilder()
                .setApiListener(Any.pack(Xds.httpConnectionManager(name, name))))
        .build();
  }

  /** Route configuration {@code name}: every request, of any authority, goes to the cluster. */
  static RouteConfiguration apiRoutes(String name, ServiceId service) {
    return RouteConfiguration.newBuilder()
        .setName(name)
        .addVirtualHosts(
            VirtualHost.newBuilder()
                .setName(name)
                .addDomains("*")
                .addRoutes(Xds.routeAll(name, "", Naming.cluster(service))))
        .build();
  }

  @Override
  public Set<ServiceId> servicesNamed(ResourceType type, Set<String> names) {
    if (type == ResourceType.SECRET) {
      return Set.of();
    }
    Set<ServiceId> services = new TreeSet<>();
    for (String name : names) {
      Naming.service(name).ifPresent(services::add);
    }
    return Collections.unmodifiableSet(services);
  }

  /** Sidecar listeners, routes and clusters follow the node's demand, never endpoint lists. */
  @Override
  public boolean wildcardReadsServices(ResourceType type) {
    return type == ResourceType.ENDPOINT;
  }

  @Override
  public Optional<String> invalid(ResourceType type, Message resource) {
    return ResourceValidator.invalid(type, resource);
  }
}
