package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.ResponseHead;

/** An RPC response: the whole frame; its status maps to an HTTP status for stats and retries. */
public final class RpcResponseHead implements ResponseHead {
  private final String protocol;
  private final RpcFrame frame;
  private boolean released;
  private final int status;

  public RpcResponseHead(String protocol, RpcFrame frame) {
    this.protocol = protocol;
    this.frame = frame;
    this.status = frame.httpStatus();
  }

  public RpcFrame frame() {
    return frame;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public HeaderMap headers() {
    return frame.headers();
  }

  @Override
  public void release() {
    if (!released) {
      released = true;
      frame.release();
    }
  }
}
