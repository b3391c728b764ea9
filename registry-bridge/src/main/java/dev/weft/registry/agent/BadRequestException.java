package dev.weft.registry.agent;

/**
 * A request the agent refuses with HTTP 400: its message names the field (a path such as {@code
 * providerMetaInfo.properties.weight}) and what was expected.
 */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  BadRequestException(String field, String expected, String actual) {
    super(field + ": expected " + expected + ", got " + actual, null, false, false);
    this.field = field;
  }

  /** A message already in the form {@code <field>: expected …}. */
  static BadRequestException of(String field, String message) {
    return new BadRequestException(field, message);
  }

  private BadRequestException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }
}
