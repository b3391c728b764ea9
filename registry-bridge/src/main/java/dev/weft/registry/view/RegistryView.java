package dev.weft.registry.view;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.StoreChange;
import dev.weft.registry.store.StoreListener;
import dev.weft.registry.view.ServiceMerger.Written;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry replica's in-memory view: every publication in the store, merged per service into the
 * lists subscribers get. A list's version is the store revision of the change that produced it, so
 * replicas watching one etcd agree on versions, and versions only grow. A service nobody publishes
 * is reported with the view's current revision and no endpoints.
 *
 * <p>The store delivers on one thread; readers ({@link #service}, {@link #services}) may call from
 * any thread and see each service's latest list.
 */
public final class RegistryView implements StoreListener {
  private final Map<ServiceId, Map<PublicationKey, Written>> byService = new HashMap<>();
  private final Map<ServiceId, ServiceSnapshot> snapshots = new ConcurrentHashMap<>();
  private final List<ViewListener> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile long revision;

  /** Completes once the store's content has been read the first time. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  public void addListener(ViewListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ViewListener listener) {
    listeners.remove(listener);
  }

  /** The revision the view has caught up with. */
  public long revision() {
    return revision;
  }

  /** One service's list, or an empty one as of the current revision. */
  public ServiceSnapshot service(ServiceId service) {
    long asOf = revision;
    ServiceSnapshot snapshot = snapshots.get(service);
    return snapshot != null ? snapshot : ServiceSnapshot.absent(service, asOf);
  }

  /** Every service with at least one publication, in no particular order. */
  public Collection<ServiceSnapshot> services() {
    return List.copyOf(snapshots.values());
  }

  @Override
  public void reset(long revision, Map<PublicationKey, Publication> all) {
    Set<ServiceId> touched = new HashSet<>(byService.keySet());
    byService.clear();
    for (Written written : ServiceMerger.of(all, revision)) {
      ServiceId service = written.key().service();
      byService.computeIfAbsent(service, s -> new HashMap<>()).put(written.key(), written);
      touched.add(service);
    }
    // After a re-list the previous writes' revisions are unknown; the list revision is a bound.
    publish(revision, touched);
    ready.complete(null);
  }

  @Override
  public void changed(long revision, List<StoreChange> changes) {
    Set<ServiceId> touched = new HashSet<>();
    for (StoreChange change : changes) {
      PublicationKey key = change.key();
      touched.add(key.service());
      Optional<Publication> publication = change.publication();
      if (publication.isPresent()) {
        byService
            .computeIfAbsent(key.service(), s -> new HashMap<>())
            .put(key, new Written(key, publication.get(), revision));
      } else {
        Map<PublicationKey, Written> publications = byService.get(key.service());
        if (publications != null) {
          publications.remove(key);
          if (publications.isEmpty()) {
            byService.remove(key.service());
          }
        }
      }
    }
    publish(revision, touched);
  }

  private void publish(long newRevision, Set<ServiceId> touched) {
    List<ServiceSnapshot> changed = new ArrayList<>();
    for (ServiceId service : touched) {
      Map<PublicationKey, Written> publications = byService.get(service);
      ServiceSnapshot previous = snapshots.get(service);
      if (publications == null) {
        if (previous != null) {
          snapshots.remove(service);
          changed.add(ServiceSnapshot.absent(service, newRevision));
        }
        continue;
      }
      var endpoints = ServiceMerger.merge(List.copyOf(publications.values()));
      if (previous == null || !previous.endpoints().equals(endpoints)) {
        ServiceSnapshot next = new ServiceSnapshot(service, newRevision, endpoints);
        snapshots.put(service, next);
        changed.add(next);
      }
    }
    revision = Math.max(revision, newRevision);
    if (!changed.isEmpty()) {
      for (ViewListener listener : listeners) {
        listener.servicesChanged(changed);
      }
    }
  }
}
