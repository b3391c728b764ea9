package dev.weft.dataplane.proxy;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.protocol.HeaderMap;
import java.util.List;

/** Applies a route's header additions and removals. */
final class HeaderMutator {
  private HeaderMutator() {}

  /** Applies each level in turn; the most specific level comes first and wins on conflicts. */
  static void apply(List<HeaderMutations> levels, HeaderMap headers) {
    for (int i = levels.size() - 1; i >= 0; i--) {
      HeaderMutations mutations = levels.get(i);
      for (String name : mutations.remove()) {
        headers.remove(name);
      }
      for (HeaderMutations.HeaderValue header : mutations.add()) {
        if (header.append()) {
          headers.add(header.name(), header.value());
        } else {
          headers.set(header.name(), header.value());
        }
      }
    }
  }
}
