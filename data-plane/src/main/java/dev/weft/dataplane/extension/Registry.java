package dev.weft.dataplane.extension;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable set of extensions of one kind, looked up by name. Built once by the composition
 * root; an unknown name is an error that lists the known ones, never a silent fallback.
 */
public final class Registry<T extends Named> {
  private final String kind;
  private final boolean caseInsensitive;
  private final Map<String, T> byKey;

  private Registry(String kind, boolean caseInsensitive, Map<String, T> byKey) {
    this.kind = kind;
    this.caseInsensitive = caseInsensitive;
    this.byKey = Map.copyOf(byKey);
  }

  /** A registry whose names match exactly. */
  public static <T extends Named> Builder<T> builder(String kind) {
    return new Builder<>(kind, false);
  }

  /** A registry whose names match ignoring case, as MOSN's protocol names do. */
  public static <T extends Named> Builder<T> caseInsensitiveBuilder(String kind) {
    return new Builder<>(kind, true);
  }

  /** What this registry holds, for messages: "protocol", "load balancer". */
  public String kind() {
    return kind;
  }

  public Optional<T> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(name)));
  }

  /**
   * The extension called {@code name}.
   *
   * @throws UnknownNameException naming the known ones
   */
  public T require(String name) {
    return find(name).orElseThrow(() -> new UnknownNameException(kind, name, names()));
  }

  /** The registered names, sorted. */
  public List<String> names() {
    return byKey.values().stream().map(Named::name).sorted().collect(Collectors.toList());
  }

  public Collection<T> all() {
    return byKey.values();
  }

  private String key(String name) {
    return caseInsensitive ? name.toLowerCase(Locale.ROOT) : name;
  }

  /** Collects extensions; a name registered twice is a programming error. */
  public static final class Builder<T extends Named> {
    private final String kind;
    private final boolean caseInsensitive;
    private final Map<String, T> byKey = new LinkedHashMap<>();

    private Builder(String kind, boolean caseInsensitive) {
      this.kind = kind;
      this.caseInsensitive = caseInsensitive;
    }

    public Builder<T> register(T extension) {
      String key = caseInsensitive ? extension.name().toLowerCase(Locale.ROOT) : extension.name();
      if (byKey.putIfAbsent(key, extension) != null) {
        throw new IllegalStateException(kind + " '" + extension.name() + "' is registered twice");
      }
      return this;
    }

    public Registry<T> build() {
      return new Registry<>(kind, caseInsensitive, byKey);
    }
  }
}
