package dev.weft.registry.store;

import dev.weft.registry.model.Publication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rebuilds a store's content from what a watch delivers, and checks revisions only grow. */
public final class RecordingListener implements StoreListener {
  private final Map<PublicationKey, Publication> state = new HashMap<>();
  private final List<Long> revisions = new ArrayList<>();
  private int resets;
  private AssertionError error;

  @Override
  public synchronized void reset(long revision, Map<PublicationKey, Publication> all) {
    check(revision, true);
    resets++;
    state.clear();
    state.putAll(all);
  }

  @Override
  public synchronized void changed(long revision, List<StoreChange> changes) {
    check(revision, false);
    for (StoreChange change : changes) {
      if (change.publication().isPresent()) {
        state.put(change.key(), change.publication().get());
      } else {
        state.remove(change.key());
      }
    }
  }

  private void check(long revision, boolean reset) {
    if (!revisions.isEmpty()) {
      long last = revisions.get(revisions.size() - 1);
      if (reset ? revision < last : revision <= last) {
        error = new AssertionError("revision " + revision + " after " + last);
      }
    }
    revisions.add(revision);
  }

  /** The content as the watch has delivered it so far; fails if revisions ever went back. */
  public synchronized Map<PublicationKey, Publication> state() {
    if (error != null) {
      throw error;
    }
    return Map.copyOf(state);
  }

  public synchronized int resets() {
    return resets;
  }

  public synchronized long lastRevision() {
    return revisions.isEmpty() ? -1 : revisions.get(revisions.size() - 1);
  }
}
