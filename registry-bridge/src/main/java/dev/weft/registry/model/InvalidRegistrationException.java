package dev.weft.registry.model;

/**
 * A registration, subscription or key that breaks the registry's rules. The message names the
 * field, what was expected and what was given, so it can go to the user as it is.
 */
public final class InvalidRegistrationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String detail;

  public InvalidRegistrationException(String field, String expected, String actual) {
    this(field, "expected " + expected + ", got " + actual);
  }

  private InvalidRegistrationException(String field, String detail) {
    super(field + ": " + detail);
    this.field = field;
    this.detail = detail;
  }

  /** The field that was wrong, e.g. {@code endpoints[0].port}. */
  public String field() {
    return field;
  }

  /** The same error for a field inside {@code path}, e.g. {@code publication.endpoints[0].port}. */
  public InvalidRegistrationException under(String path) {
    return path.isEmpty() ? this : new InvalidRegistrationException(path + "." + field, detail);
  }
}
