package dev.weft.controlplane.mesh;

/** A node whose identity or metadata cannot be used; the message names the field. */
public final class InvalidNodeException extends RuntimeException {
  private final String field;

  public InvalidNodeException(String field, String expected, Object found) {
    super(field + ": expected " + expected + ", found " + found);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
