package dev.weft.dataplane.config;

import java.util.function.Function;

/** A parsed config or the first mistake in it. */
public final class ConfigResult<T> {
  private final T value;
  private final ConfigError error;

  private ConfigResult(T value, ConfigError error) {
    this.value = value;
    this.error = error;
  }

  public static <T> ConfigResult<T> ok(T value) {
    return new ConfigResult<>(value, null);
  }

  public static <T> ConfigResult<T> failed(ConfigError error) {
    return new ConfigResult<>(null, error);
  }

  public boolean isOk() {
    return error == null;
  }

  /** The value; fails if this is an error. */
  public T value() {
    if (error != null) {
      throw new IllegalStateException("no value: " + error);
    }
    return value;
  }

  /** The error; fails if this is a value. */
  public ConfigError error() {
    if (error == null) {
      throw new IllegalStateException("no error");
    }
    return error;
  }

  public <R> ConfigResult<R> map(Function<T, R> mapper) {
    return error == null ? ok(mapper.apply(value)) : failed(error);
  }

  /** The value, or throws the error as a {@link ConfigException}. */
  public T orThrow() {
    if (error != null) {
      throw new ConfigException(error);
    }
    return value;
  }

  @Override
  public String toString() {
    return error == null ? "ok(" + value + ")" : "failed(" + error + ")";
  }
}
