package dev.weft.registry.store;

import dev.weft.registry.model.Publication;
import java.util.Objects;
import java.util.Optional;

/** One publication written ({@code publication} present) or removed (absent). */
public record StoreChange(PublicationKey key, Optional<Publication> publication) {
  public StoreChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(publication, "publication");
  }

  public static StoreChange put(PublicationKey key, Publication publication) {
    return new StoreChange(key, Optional.of(publication));
  }

  public static StoreChange delete(PublicationKey key) {
    return new StoreChange(key, Optional.empty());
  }
}
