package dev.weft.registry.store.etcd;

import dev.weft.registry.store.PublicationKey;
import dev.weft.registry.store.StoreChange;
import dev.weft.registry.store.StoreListener;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns snapshots and watch events into listener calls: one {@code changed} per etcd revision, in
 * order, never a revision twice. It remembers which keys the listener holds, so a deletion (or a
 * value that became unusable) reaches the listener only for a key it has.
 */
final class WatchDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(WatchDelivery.class);

  private final PublicationDecoder decoder;
  private final StoreListener listener;
  private final BooleanSupplier closed;
  private final Set<PublicationKey> present = new HashSet<>();
  private long seen;

  WatchDelivery(PublicationDecoder decoder, StoreListener listener, BooleanSupplier closed) {
    this.decoder = decoder;
    this.listener = listener;
    this.closed = closed;
  }

  /** The revision a watch continues from: the one after the last processed. */
  long nextRevision() {
    return seen + 1;
  }

  void reset(SnapshotReader.Snapshot snapshot) {
    if (snapshot.revision() < seen) {
      LOG.error(
          "etcd's revision went back from {} to {}: was its data replaced? Subscribers may see"
              + " versions go back",
          seen,
          snapshot.revision());
    }
    seen = snapshot.revision();
    present.clear();
    present.addAll(snapshot.publications().keySet());
    if (!closed.getAsBoolean()) {
      try {
        listener.reset(snapshot.revision(), snapshot.publications());
      } catch (RuntimeException e) {
        LOG.error("a store listener failed on reset at revision {}", snapshot.revision(), e);
      }
    }
  }

  /** Events of one watch response, oldest first; revisions already processed are skipped. */
  void changed(List<WatchEvent> events) {
    long revision = -1;
    List<StoreChange> changes = new ArrayList<>();
    for (WatchEvent event : events) {
      long at = event.getKeyValue().getModRevision();
      if (at <= seen) {
        continue;
      }
      if (at != revision) {
        flush(revision, changes);
        revision = at;
        changes = new ArrayList<>();
      }
      apply(event, changes);
    }
    flush(revision, changes);
  }

  private void apply(WatchEvent event, List<StoreChange> changes) {
    switch (event.getEventType()) {
      case PUT -> {
        PublicationDecoder.Entry entry =
            decoder.decode(event.getKeyValue().getKey(), event.getKeyValue().getValue());
        if (entry.publication().isPresent()) {
          present.add(entry.key().get());
          changes.add(StoreChange.put(entry.key().get(), entry.publication().get()));
        } else {
          // An unusable value replaces whatever was there: the publication is gone.
          entry.key().ifPresent(key -> removed(key, changes));
        }
      }
      case DELETE ->
          decoder.deletedKey(event.getKeyValue().getKey()).ifPresent(key -> removed(key, changes));
      default -> LOG.debug("ignoring a watch event of type {}", event.getEventType());
    }
  }

  private void removed(PublicationKey key, List<StoreChange> changes) {
    if (present.remove(key)) {
      changes.add(StoreChange.delete(key));
    }
  }

  private void flush(long revision, List<StoreChange> changes) {
    if (revision < 0) {
      return;
    }
    seen = revision;
    if (changes.isEmpty() || closed.getAsBoolean()) {
      return;
    }
    try {
      listener.changed(revision, List.copyOf(changes));
    } catch (RuntimeException e) {
      LOG.error("a store listener failed on the changes of revision {}", revision, e);
    }
  }
}
