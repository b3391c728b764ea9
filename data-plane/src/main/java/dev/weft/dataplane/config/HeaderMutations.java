package dev.weft.dataplane.config;

import java.util.List;

/** Headers to add (or overwrite) and to remove. */
public record HeaderMutations(List<HeaderValue> add, List<String> remove) {
  public static final HeaderMutations NONE = new HeaderMutations(List.of(), List.of());

  public HeaderMutations {
    add = List.copyOf(add);
    remove = List.copyOf(remove);
  }

  public boolean isEmpty() {
    return add.isEmpty() && remove.isEmpty();
  }

  /** A header to set; {@code append} adds a value instead of replacing existing ones. */
  public record HeaderValue(String name, String value, boolean append) {}
}
