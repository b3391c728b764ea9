package dev.weft.registry.server;

import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the sessions opened on this replica by xDS nodes subscribe to and publish, by node id: the
 * control plane's source for a sidecar's clusters and ingress listeners. Sessions without a node id
 * are not tracked. Listeners hear the node id whose sessions changed, on the thread that changed
 * them; they must not block.
 */
public final class SessionDirectory {
  /**
   * The union of one node's open sessions. {@code synced}: one of them said it has sent everything
   * it holds (see {@code SessionRequest.synced}).
   */
  public record NodeSessions(
      String nodeId,
      String zone,
      Set<Subscription> subscriptions,
      List<Publication> publications,
      boolean synced) {
    public NodeSessions {
      subscriptions = Set.copyOf(subscriptions);
      publications = List.copyOf(publications);
    }
  }

  private final Map<String, Map<Object, Entry>> byNode = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<String> listener) {
    listeners.remove(listener);
  }

  /** The node's sessions, or empty when none is open on this replica. */
  public Optional<NodeSessions> node(String nodeId) {
    Map<Object, Entry> sessions = byNode.get(nodeId);
    if (sessions == null || sessions.isEmpty()) {
      return Optional.empty();
    }
    String zone = "";
    boolean synced = false;
    Set<Subscription> subscriptions = new LinkedHashSet<>();
    List<Publication> publications = new ArrayList<>();
    for (Entry entry : sessions.values()) {
      synchronized (entry) {
        zone = zone.isEmpty() ? entry.zone : zone;
        synced |= entry.synced;
        subscriptions.addAll(entry.subscriptions.values());
        publications.addAll(entry.publications.values());
      }
    }
    return Optional.of(new NodeSessions(nodeId, zone, subscriptions, publications, synced));
  }

  /** Every node id with an open session. */
  public Set<String> nodes() {
    return Set.copyOf(byNode.keySet());
  }

  Entry open(Object session, String nodeId, String zone) {
    Entry entry = new Entry(nodeId, zone);
    byNode.computeIfAbsent(nodeId, id -> new ConcurrentHashMap<>()).put(session, entry);
    notify(nodeId);
    return entry;
  }

  void close(Object session, Entry entry) {
    byNode.computeIfPresent(
        entry.nodeId,
        (id, sessions) -> {
          sessions.remove(session);
          return sessions.isEmpty() ? null : sessions;
        });
    notify(entry.nodeId);
  }

  void subscribed(Entry entry, String subscriptionId, Subscription subscription) {
    synchronized (entry) {
      entry.subscriptions.put(subscriptionId, subscription);
    }
    notify(entry.nodeId);
  }

  void unsubscribed(Entry entry, String subscriptionId) {
    synchronized (entry) {
      entry.subscriptions.remove(subscriptionId);
    }
    notify(entry.nodeId);
  }

  void published(Entry entry, Publication publication) {
    synchronized (entry) {
      entry.publications.put(
          new PublicationId(publication.service(), publication.registId()), publication);
    }
    notify(entry.nodeId);
  }

  void unpublished(Entry entry, ServiceId service, String registId) {
    synchronized (entry) {
      entry.publications.remove(new PublicationId(service, registId));
    }
    notify(entry.nodeId);
  }

  void synced(Entry entry) {
    synchronized (entry) {
      entry.synced = true;
    }
    notify(entry.nodeId);
  }

  private void notify(String nodeId) {
    for (Consumer<String> listener : listeners) {
      listener.accept(nodeId);
    }
  }

  private record PublicationId(ServiceId service, String registId) {}

  /** One session's share; guarded by itself. */
  static final class Entry {
    private final String nodeId;
    private final String zone;
    private final Map<String, Subscription> subscriptions = new java.util.LinkedHashMap<>();
    private final Map<PublicationId, Publication> publications = new java.util.LinkedHashMap<>();
    private boolean synced;

    private Entry(String nodeId, String zone) {
      this.nodeId = nodeId;
      this.zone = zone;
    }
  }
}
