package dev.weft.dataplane.network;

/** A listener could not bind its address; the message names both. */
public final class ListenerBindException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ListenerBindException(String message, Throwable cause) {
    super(message, cause);
  }
}
