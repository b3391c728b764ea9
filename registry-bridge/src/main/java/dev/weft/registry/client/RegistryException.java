package dev.weft.registry.client;

/** The registry refused a request; the message says why, as the registry put it. */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }
}
