package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.rpc.RpcFrame;
import io.netty.buffer.ByteBuf;

/** The Dubbo 2 header layout (16 bytes, big-endian) and how a frame's flags classify it. */
final class DubboWire {
  private DubboWire() {}

  static final int MAGIC = 0xdabb;
  static final int HEADER_LENGTH = 16;
  static final int FLAG_OFFSET = 2;
  static final int STATUS_OFFSET = 3;
  static final int ID_OFFSET = 4;
  static final int LENGTH_OFFSET = 12;

  static final int FLAG_REQUEST = 0x80;
  static final int FLAG_TWO_WAY = 0x40;
  static final int FLAG_EVENT = 0x20;
  static final int SERIALIZATION_MASK = 0x1f;

  /** Serialization id of hessian2, the only body Weft reads. */
  static final int HESSIAN2 = 2;

  /** Hessian2's null: the body of a heartbeat. */
  static final int HESSIAN2_NULL = 'N';

  /** Dubbo decodes event bodies up to this size ({@code deserialization.event.size}). */
  static final int MAX_EVENT_BODY = 15;

  /** The data of a provider's readonly event. */
  static final String READONLY_EVENT = "R";

  /** What the flags (and, for events, the body) make of a frame. */
  static RpcFrame.Kind kind(ByteBuf frame, int base) {
    int flag = frame.getUnsignedByte(base + FLAG_OFFSET);
    boolean event = (flag & FLAG_EVENT) != 0;
    if ((flag & FLAG_REQUEST) == 0) {
      return event ? RpcFrame.Kind.HEARTBEAT_RESPONSE : RpcFrame.Kind.RESPONSE;
    }
    boolean twoWay = (flag & FLAG_TWO_WAY) != 0;
    if (!event) {
      return twoWay ? RpcFrame.Kind.REQUEST : RpcFrame.Kind.ONEWAY_REQUEST;
    }
    return twoWay && isNullBody(frame, base, flag & SERIALIZATION_MASK)
        ? RpcFrame.Kind.HEARTBEAT_REQUEST
        : RpcFrame.Kind.OTHER_EVENT;
  }

  /**
   * Whether an event's body is its serialization's null, which makes it a heartbeat. For hessian2
   * that is {@code 'N'}; other serializations are not read, and Dubbo sends no two-way event but
   * the heartbeat, so any short body counts.
   */
  private static boolean isNullBody(ByteBuf frame, int base, int serialization) {
    int length = frame.getInt(base + LENGTH_OFFSET);
    if (serialization == HESSIAN2) {
      return length == 1 && frame.getUnsignedByte(base + HEADER_LENGTH) == HESSIAN2_NULL;
    }
    return length <= MAX_EVENT_BODY;
  }

  /** Writes a header whose body length is filled in by {@link #finish}. */
  static void writeHeader(ByteBuf out, int flag, int status, long id) {
    out.writeShort(MAGIC);
    out.writeByte(flag);
    out.writeByte(status);
    out.writeLong(id);
    out.writeInt(0);
  }

  /**
   * Sets the body length of the frame that starts at {@code start} and ends at the writer index.
   */
  static ByteBuf finish(ByteBuf out, int start) {
    out.setInt(start + LENGTH_OFFSET, out.writerIndex() - start - HEADER_LENGTH);
    return out;
  }
}
