package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.xds.XdsProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one resource, each worded {@code <kind> '<name>': <field path>: <what is
 * wrong; what Weft accepts>}, the NACK's error detail.
 */
final class Problems {
  private final String typeUrl;
  private final String kind;
  private final String name;
  private final List<XdsProblem> found = new ArrayList<>();

  Problems(String typeUrl, String kind, String name) {
    this.typeUrl = typeUrl;
    this.kind = kind;
    this.name = name;
  }

  /** Problems of a resource of {@code type}, called {@code name}. */
  static Problems of(ResourceType type, String name) {
    return new Problems(type.typeUrl(), type.kind(), name);
  }

  /** A problem at {@code path} (empty: the resource as a whole). */
  void add(String path, String message) {
    String where = path.isEmpty() ? "" : path + ": ";
    found.add(new XdsProblem(typeUrl, name, kind + " '" + name + "': " + where + message));
  }

  /** A field Weft does not implement, with what it would have done. */
  void unsupported(String path, String what) {
    add(path, "not supported by Weft: " + what);
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  int size() {
    return found.size();
  }

  List<XdsProblem> list() {
    return List.copyOf(found);
  }

  /** {@code parent.child}, or {@code child} at the top. */
  static String at(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  /** {@code parent.child[index]}. */
  static String at(String parent, String child, int index) {
    return at(parent, child) + "[" + index + "]";
  }
}
