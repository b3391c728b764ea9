package dev.weft.peers.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key value} pairs after a peer's role name. */
public final class Args {
  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code args[from..]} as {@code --key value} pairs. */
  public static Args parse(String[] args, int from) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = from; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value, got: " + args[i]);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
    return new Args(values);
  }

  /** Query parameters of a control request, with the same accessors. */
  public static Args of(Map<String, String> values) {
    return new Args(new LinkedHashMap<>(values));
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public String require(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return value;
  }

  public int getInt(String key, int fallback) {
    String value = values.get(key);
    return value == null ? fallback : Integer.parseInt(value);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }
}
