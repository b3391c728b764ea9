package dev.weft.registry.agent;

import dev.weft.api.registry.v1.Scope;
import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.client.SubscriptionListener;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's subscriptions, one registry subscription per service (data center scope), counted per
 * protocol: an app may refer to one service from several consumers, and each one's unsubscribe
 * takes back only its own count. The subscription ends when the last count goes. The control plane
 * gives the sidecar a cluster and egress routes for each subscribed service.
 *
 * <p>Lock order: this table, then the session. The session calls {@link Entry}'s listener methods
 * under its own lock; they touch only volatile fields.
 */
final class AgentSubscriptions {
  private static final Logger log = LoggerFactory.getLogger(AgentSubscriptions.class);

  /** What the agent knows of one subscription, for {@code GET /services}. */
  record View(
      ServiceId service,
      Map<Protocol, Integer> counts,
      ServiceSnapshot latest,
      Boolean warm,
      String refused) {}

  /** One subscribed service; the session's listener for it. */
  static final class Entry implements SubscriptionListener {
    private final ServiceId service;
    private final Map<Protocol, Integer> counts = new EnumMap<>(Protocol.class);
    private final CompletableFuture<Void> listed = new CompletableFuture<>();
    private AutoCloseable handle;
    private volatile ServiceSnapshot latest;
    private volatile Boolean warm;
    private volatile String refused;

    private Entry(ServiceId service) {
      this.service = service;
    }

    @Override
    public void onList(ServiceSnapshot snapshot) {
      latest = snapshot;
      listed.complete(null);
    }

    @Override
    public void onRefused(String error) {
      refused = error;
      log.warn("the registry refused the subscription to {}: {}", service, error);
    }

    /**
     * Completes when the first list arrives: the registry has taken the subscription. Dependent
     * stages run under the session's lock unless they are async.
     */
    CompletableFuture<Void> listed() {
      return listed;
    }

    /** The latest list from the registry, or null before the first. */
    ServiceSnapshot latest() {
      return latest;
    }

    /** Whether the cluster was warm when the last subscribe was answered. */
    void answered(boolean isWarm) {
      warm = isWarm;
    }
  }

  private final RegistrySession session;
  private final Map<ServiceId, Entry> entries = new TreeMap<>();

  AgentSubscriptions(RegistrySession session) {
    this.session = session;
  }

  /** Counts one more subscriber of {@code service}, subscribing in the registry for the first. */
  synchronized Entry acquire(ServiceId service, Protocol protocol) {
    Entry entry = entries.get(service);
    if (entry == null) {
      entry = new Entry(service);
      entry.handle = session.subscribe(service, Scope.SCOPE_DATA_CENTER, entry);
      entries.put(service, entry);
    }
    entry.counts.merge(protocol, 1, Integer::sum);
    return entry;
  }

  /**
   * Takes back one count of {@code protocol}'s subscribers; the registry subscription ends with the
   * last count. Answers false when there was nothing to take back.
   */
  synchronized boolean release(ServiceId service, Protocol protocol) {
    Entry entry = entries.get(service);
    if (entry == null || !entry.counts.containsKey(protocol)) {
      return false;
    }
    entry.counts.computeIfPresent(protocol, (p, n) -> n == 1 ? null : n - 1);
    if (entry.counts.isEmpty()) {
      entries.remove(service);
      try {
        entry.handle.close();
      } catch (Exception e) {
        log.warn("cannot end the subscription to {}", service, e);
      }
    }
    return true;
  }

  synchronized List<View> views() {
    List<View> views = new ArrayList<>();
    for (Entry e : entries.values()) {
      views.add(
          new View(
              e.service,
              Collections.unmodifiableMap(new EnumMap<>(e.counts)),
              e.latest,
              e.warm,
              e.refused));
    }
    return views;
  }
}
