package dev.weft.dataplane.admin;

/** The admin API could not bind its address; the message names the address and why. */
public final class AdminBindException extends RuntimeException {
  public AdminBindException(String message, Throwable cause) {
    super(message, cause);
  }
}
