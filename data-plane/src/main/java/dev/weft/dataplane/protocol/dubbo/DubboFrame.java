package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.hessian.Hessian2Exception;
import dev.weft.dataplane.protocol.hessian.Hessian2Input;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import io.netty.buffer.ByteBuf;

/**
 * One Dubbo frame: the 16-byte header read in place, the body untouched until a route asks for a
 * header. Only hessian2 requests have headers; other frames answer an empty map.
 */
final class DubboFrame extends RpcFrame {
  private final Kind kind;
  private final int base;
  private DubboHeaders headers;

  DubboFrame(ByteBuf bytes, Kind kind) {
    super(bytes);
    this.kind = kind;
    this.base = bytes.readerIndex();
  }

  @Override
  public Kind kind() {
    return kind;
  }

  int flag() {
    return bytes().getUnsignedByte(base + DubboWire.FLAG_OFFSET);
  }

  int serialization() {
    return flag() & DubboWire.SERIALIZATION_MASK;
  }

  int status() {
    return bytes().getUnsignedByte(base + DubboWire.STATUS_OFFSET);
  }

  int bodyLength() {
    return bytes().getInt(base + DubboWire.LENGTH_OFFSET);
  }

  @Override
  public long requestId() {
    return bytes().getLong(base + DubboWire.ID_OFFSET);
  }

  @Override
  public void setRequestId(long id) {
    bytes().setLong(base + DubboWire.ID_OFFSET, id);
  }

  @Override
  public int httpStatus() {
    return kind == Kind.RESPONSE ? DubboStatus.httpStatus(status()) : 200;
  }

  /**
   * {@code dubbo}, {@code service}, {@code version}, {@code method}, then the string attachments
   * ({@code group}, {@code interface}...), read on first use; empty unless this is a hessian2
   * request.
   */
  @Override
  public HeaderMap headers() {
    if (headers == null) {
      boolean request = kind == Kind.REQUEST || kind == Kind.ONEWAY_REQUEST;
      headers =
          request && readable() && serialization() == DubboWire.HESSIAN2
              ? new DubboHeaders(this)
              : DubboHeaders.empty();
    }
    return headers;
  }

  /** Whether the bytes can still be read (headers asked for after the exchange find nothing). */
  boolean readable() {
    return refCnt() > 0;
  }

  DubboRequestBody body() {
    int start = base + DubboWire.HEADER_LENGTH;
    return new DubboRequestBody(bytes(), start, start + bodyLength());
  }

  /**
   * A provider's readonly event ({@code "R"}, hessian2): it is shutting down and wants no new calls
   * on this connection.
   */
  boolean isReadonlyEvent() {
    if (kind != Kind.OTHER_EVENT || (flag() & DubboWire.FLAG_REQUEST) == 0) {
      return false;
    }
    if (serialization() != DubboWire.HESSIAN2 || !readable()) {
      return false;
    }
    int start = base + DubboWire.HEADER_LENGTH;
    Hessian2Input in = new Hessian2Input(bytes(), start, start + bodyLength());
    try {
      return DubboWire.READONLY_EVENT.equals(in.readString()) && in.atEnd();
    } catch (Hessian2Exception e) {
      return false;
    }
  }
}
