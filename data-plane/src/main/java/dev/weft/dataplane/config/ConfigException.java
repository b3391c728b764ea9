package dev.weft.dataplane.config;

/** Carries a {@link ConfigError} out of a parser; turned back into a value at its boundary. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ConfigError error;

  public ConfigException(ConfigError error) {
    super(error.toString());
    this.error = error;
  }

  public ConfigError error() {
    return error;
  }
}
