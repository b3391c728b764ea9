package dev.weft.dataplane.protocol;

/** The head of a response: an HTTP status (or its equivalent) and headers. */
public interface ResponseHead {
  /** The registered name of the protocol the response arrived in. */
  String protocol();

  /** The HTTP status, or the HTTP status an RPC status maps to. */
  int status();

  HeaderMap headers();
}
