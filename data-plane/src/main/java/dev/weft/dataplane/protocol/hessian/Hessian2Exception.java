package dev.weft.dataplane.protocol.hessian;

/**
 * Hessian 2 bytes that cannot be read: truncated, malformed, nested too deeply, or a form this
 * reader does not know. Thrown by {@link Hessian2Input} and {@link Hessian2Skipper} only; the Dubbo
 * frame catches it and exposes fewer headers (the frame itself is still forwarded).
 */
public final class Hessian2Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Hessian2Exception(String message) {
    super(message, null, false, false); // no stack trace: fuzzed or hostile input is routine
  }
}
