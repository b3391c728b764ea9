package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.protocol.HeaderMap;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.time.Duration;
import java.util.Optional;

/**
 * One complete frame of an RPC protocol, holding its bytes as a retained slice of the read buffer.
 * Subclasses read the protocol's fixed header in place and parse routing headers lazily; the
 * request ID is rewritten in place. Reference counting is that of the bytes, so Netty releases a
 * frame no handler took.
 */
public abstract class RpcFrame implements ReferenceCounted {
  private final ByteBuf bytes;

  protected RpcFrame(ByteBuf bytes) {
    this.bytes = bytes;
  }

  /** What kind of frame this is. */
  public enum Kind {
    REQUEST,
    ONEWAY_REQUEST,
    RESPONSE,
    HEARTBEAT_REQUEST,
    HEARTBEAT_RESPONSE,
    /** A protocol event the proxy passes on or drops (Dubbo readonly/writeable). */
    OTHER_EVENT
  }

  /** The whole frame. */
  public final ByteBuf bytes() {
    return bytes;
  }

  public abstract Kind kind();

  public abstract long requestId();

  /** Rewrites the request ID in place (and anything that depends on it, such as a CRC). */
  public abstract void setRequestId(long id);

  /** The timeout the frame carries, if any. */
  public Optional<Duration> timeout() {
    return Optional.empty();
  }

  /** For responses: the HTTP status this protocol status maps to (200 for success). */
  public int httpStatus() {
    return 200;
  }

  /** Routing headers ({@code service}, {@code method}...), parsed on first use. */
  public abstract HeaderMap headers();

  /**
   * The bytes to send for this frame; by default the frame itself. A codec whose headers can be
   * changed re-encodes here. The caller owns the returned buffer (a retained duplicate).
   */
  public ByteBuf encodeForWire() {
    return bytes.retainedDuplicate();
  }

  @Override
  public final int refCnt() {
    return bytes.refCnt();
  }

  @Override
  public final RpcFrame retain() {
    bytes.retain();
    return this;
  }

  @Override
  public final RpcFrame retain(int increment) {
    bytes.retain(increment);
    return this;
  }

  @Override
  public final RpcFrame touch() {
    bytes.touch();
    return this;
  }

  @Override
  public final RpcFrame touch(Object hint) {
    bytes.touch(hint);
    return this;
  }

  @Override
  public final boolean release() {
    return bytes.release();
  }

  @Override
  public final boolean release(int decrement) {
    return bytes.release(decrement);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + kind()
        + " id="
        + requestId()
        + " "
        + bytes.readableBytes()
        + "B]";
  }
}
