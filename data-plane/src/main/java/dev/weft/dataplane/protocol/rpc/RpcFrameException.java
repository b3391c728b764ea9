package dev.weft.dataplane.protocol.rpc;

/** Bytes that are not a valid frame of the protocol: the connection cannot continue. */
public final class RpcFrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RpcFrameException(String message) {
    super(message);
  }
}
