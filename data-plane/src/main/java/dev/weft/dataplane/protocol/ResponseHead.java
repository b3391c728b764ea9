package dev.weft.dataplane.protocol;

/**
 * The head of a response: an HTTP status (or its equivalent) and headers.
 *
 * <p>A head may hold buffer memory. The {@link ClientStreamListener} that received it owns it, and
 * either hands it to {@link ServerStream#sendHeaders} (which takes it) or calls {@link #release()}.
 */
public interface ResponseHead {
  /** The registered name of the protocol the response arrived in. */
  String protocol();

  /** The HTTP status, or the HTTP status an RPC status maps to. */
  int status();

  HeaderMap headers();

  /** Frees what the head holds; idempotent. */
  default void release() {}
}
