package dev.weft.cli.demo;

/** Something that stops the demo, in words for its user (a process that died, a start timeout). */
public final class DemoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DemoException(String message) {
    super(message);
  }

  public DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
