package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import java.time.Duration;
import java.util.Optional;

/**
 * An RPC request as the proxy sees it: the whole frame, with its routing headers ({@code service},
 * {@code method}...) exposed like HTTP headers so the same route rules apply. It has no path or
 * authority.
 */
public final class RpcRequestHead implements RequestHead {
  private final String protocol;
  private final RpcFrame frame;
  private boolean released;
  private int sends;

  public RpcRequestHead(String protocol, RpcFrame frame) {
    this.protocol = protocol;
    this.frame = frame;
  }

  public RpcFrame frame() {
    return frame;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public String method() {
    String method = frame.headers().get("method");
    return method == null ? "" : method;
  }

  @Override
  public String path() {
    return "";
  }

  @Override
  public void setPath(String path) {}

  @Override
  public String authority() {
    return "";
  }

  @Override
  public void setAuthority(String authority) {}

  @Override
  public String scheme() {
    return "";
  }

  @Override
  public HeaderMap headers() {
    return frame.headers();
  }

  @Override
  public Optional<Duration> timeout() {
    return frame.timeout();
  }

  @Override
  public boolean oneway() {
    return frame.kind() == RpcFrame.Kind.ONEWAY_REQUEST;
  }

  /** Counts a send upstream; true for the first, when the frame's bytes are not yet on a wire. */
  boolean firstSend() {
    return sends++ == 0;
  }

  @Override
  public void release() {
    if (!released) {
      released = true;
      frame.release();
    }
  }

  @Override
  public String toString() {
    return protocol + " " + frame;
  }
}
