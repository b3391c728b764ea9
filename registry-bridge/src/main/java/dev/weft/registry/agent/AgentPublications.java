package dev.weft.registry.agent;

import dev.weft.registry.client.RegistrySession;
import dev.weft.registry.model.Protocol;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app published through the agent, by service and protocol, and which protocols are
 * withdrawn from the registry because the app stopped answering on its port ({@link AppLiveness}),
 * or held back because it has not answered yet (a static publication made before the app listens).
 * The registry session keeps the publications across reconnects; this table keeps them across a
 * withdrawal.
 *
 * <p>Lock order: this table, then the session. Callbacks of the session's futures run on {@code
 * executor}, never under the session's lock.
 */
final class AgentPublications {
  private static final Logger log = LoggerFactory.getLogger(AgentPublications.class);

  /** One publication as the agent sees it. */
  record Entry(Protocol protocol, Publication publication, boolean withdrawn) {}

  private record Key(ServiceId service, Protocol protocol) {}

  private final RegistrySession session;
  private final Executor executor;
  private final Map<Key, Publication> publications = new LinkedHashMap<>();
  private final Set<Protocol> withdrawn = EnumSet.noneOf(Protocol.class);

  /** The withdrawn protocols whose app has not answered since their publications were made. */
  private final Set<Protocol> held = EnumSet.noneOf(Protocol.class);

  AgentPublications(RegistrySession session, Executor executor) {
    this.session = session;
    this.executor = executor;
  }

  /**
   * Publishes (or replaces) the app's publication of a service for {@code protocol}. A publish
   * means the app is up: if its protocol was withdrawn, its other publications go back too. The
   * future completes when the registry has stored it (possibly after a reconnect).
   */
  synchronized CompletableFuture<Void> publish(Protocol protocol, Publication publication) {
    Key key = new Key(publication.service(), protocol);
    publications.put(key, publication);
    held.remove(protocol);
    if (withdrawn.remove(protocol)) {
      publications.forEach(
          (other, p) -> {
            if (other.protocol() == protocol && !other.equals(key)) {
              session.publish(p);
            }
          });
    }
    return send(key, publication);
  }

  /**
   * Records the app's publication of a service for {@code protocol} without sending it, because the
   * app does not answer on its port yet: the protocol counts as withdrawn and held until {@link
   * #restore} (the app answers) or {@link #publish}. Answers false, recording nothing, when the
   * protocol has publications in the registry: the caller publishes it then, as the others.
   */
  synchronized boolean hold(Protocol protocol, Publication publication) {
    if (!withdrawn.contains(protocol) && protocols().contains(protocol)) {
      return false;
    }
    publications.put(new Key(publication.service(), protocol), publication);
    withdrawn.add(protocol);
    held.add(protocol);
    return true;
  }

  /** Whether any protocol's publications are held until the app first answers. */
  synchronized boolean holding() {
    return !held.isEmpty();
  }

  /** Whether {@code protocol}'s publications are held until the app first answers. */
  synchronized boolean held(Protocol protocol) {
    return held.contains(protocol);
  }

  private CompletableFuture<Void> send(Key key, Publication publication) {
    CompletableFuture<Void> done = session.publish(publication);
    done.whenCompleteAsync(
        (ok, error) -> {
          if (error != null && !(unwrap(error) instanceof CancellationException)) {
            forget(key, publication); // the registry refused it; the session dropped it too
          }
        },
        executor);
    return done;
  }

  /** Withdraws a publication; nothing to do (a completed future) when there is none. */
  synchronized CompletableFuture<Void> unpublish(ServiceId service, Protocol protocol) {
    Publication removed = publications.remove(new Key(service, protocol));
    if (removed == null) {
      return CompletableFuture.completedFuture(null);
    }
    boolean wasWithdrawn = withdrawn.contains(protocol);
    if (!protocols().contains(protocol)) {
      withdrawn.remove(protocol);
      held.remove(protocol);
    }
    return wasWithdrawn
        ? CompletableFuture.completedFuture(null) // not in the registry now
        : session.unpublish(service, removed.registId());
  }

  /** Takes {@code protocol}'s publications out of the registry; answers how many. */
  synchronized int withdraw(Protocol protocol) {
    if (!withdrawn.add(protocol)) {
      return 0;
    }
    int count = 0;
    for (Map.Entry<Key, Publication> entry : publications.entrySet()) {
      if (entry.getKey().protocol() == protocol) {
        session.unpublish(entry.getKey().service(), entry.getValue().registId());
        count++;
      }
    }
    return count;
  }

  /** Puts {@code protocol}'s withdrawn publications back; answers how many. */
  synchronized int restore(Protocol protocol) {
    held.remove(protocol);
    if (!withdrawn.remove(protocol)) {
      return 0;
    }
    int count = 0;
    for (Map.Entry<Key, Publication> entry : List.copyOf(publications.entrySet())) {
      if (entry.getKey().protocol() == protocol) {
        send(entry.getKey(), entry.getValue())
            .whenCompleteAsync(
                (ok, error) -> {
                  if (error != null && !(unwrap(error) instanceof CancellationException)) {
                    log.warn(
                        "the registry refused the publication of {} ({}) made when the app answered:"
                            + " {}",
                        entry.getKey().service(),
                        protocol.id(),
                        unwrap(error).getMessage());
                  }
                },
                executor);
        count++;
      }
    }
    return count;
  }

  /** The protocols with at least one publication. */
  synchronized Set<Protocol> protocols() {
    Set<Protocol> protocols = EnumSet.noneOf(Protocol.class);
    publications.keySet().forEach(k -> protocols.add(k.protocol()));
    return protocols;
  }

  /** Every publication, by service and protocol. */
  synchronized List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    publications.forEach(
        (key, p) -> entries.add(new Entry(key.protocol(), p, withdrawn.contains(key.protocol()))));
    entries.sort(
        Comparator.comparing((Entry e) -> e.publication().service())
            .thenComparing(Entry::protocol));
    return entries;
  }

  private synchronized void forget(Key key, Publication publication) {
    publications.remove(key, publication);
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
