package dev.weft.dataplane.protocol;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A view over a protocol's own headers (HTTP/1, HTTP/2, or an RPC header map), so routing and
 * filters work on any of them without converting. Names are case-insensitive.
 */
public interface HeaderMap {
  /** The first value of {@code name}, or null. */
  String get(String name);

  List<String> getAll(String name);

  default boolean contains(String name) {
    return get(name) != null;
  }

  /** Replaces every value of {@code name}. */
  void set(String name, String value);

  /** Adds a value, keeping existing ones. */
  void add(String name, String value);

  /** Removes every value; returns whether there was one. */
  boolean remove(String name);

  /** Every name/value pair, in order. */
  void forEach(BiConsumer<String, String> action);

  int size();

  /** A copy, for logs and conversion between protocols. */
  default List<Map.Entry<String, String>> entries() {
    List<Map.Entry<String, String>> entries = new java.util.ArrayList<>(size());
    forEach((name, value) -> entries.add(Map.entry(name, value)));
    return entries;
  }
}
