package dev.weft.registry.store;

import dev.weft.registry.model.Publication;
import java.util.List;
import java.util.Map;

/**
 * Receives a store's content and its changes, in revision order, one call at a time. Revisions only
 * grow; on etcd they are etcd's revisions, shared by every replica watching the same etcd.
 */
public interface StoreListener {
  /**
   * The whole content as of {@code revision}: the first call, and again whenever the store had to
   * re-read everything (after etcd compacted the revisions a watch needed).
   */
  void reset(long revision, Map<PublicationKey, Publication> all);

  /** Changes committed at {@code revision}, after everything already delivered. */
  void changed(long revision, List<StoreChange> changes);
}
