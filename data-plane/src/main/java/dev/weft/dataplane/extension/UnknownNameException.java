package dev.weft.dataplane.extension;

import java.util.List;

/** A config named an extension that is not registered. */
public final class UnknownNameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> known;

  public UnknownNameException(String kind, String name, List<String> known) {
    super("unknown " + kind + " '" + name + "'; expected one of " + String.join(", ", known));
    this.known = List.copyOf(known);
  }

  public List<String> known() {
    return known;
  }
}
