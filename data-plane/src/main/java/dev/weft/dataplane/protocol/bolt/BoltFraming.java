package dev.weft.dataplane.protocol.bolt;

import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcFrameException;
import io.netty.buffer.ByteBuf;

/**
 * Recognising and measuring Bolt frames from their fixed header, without consuming bytes. Every
 * check fails as soon as the byte it needs has arrived, so garbage closes a connection at once.
 */
final class BoltFraming {
  private BoltFraming() {}

  /** Whether {@code in} can start a Bolt frame of {@code layout}'s version. */
  static Detection detect(BoltLayout layout, ByteBuf in) {
    int start = in.readerIndex();
    int readable = in.readableBytes();
    if (readable == 0) {
      return Detection.NEED_MORE_DATA;
    }
    if (in.getByte(start) != layout.code()) {
      return Detection.NO_MATCH;
    }
    if (layout.isV2()) {
      if (readable <= layout.ver1Offset()) {
        return Detection.NEED_MORE_DATA;
      }
      if (!validVer1(in.getByte(start + layout.ver1Offset()))) {
        return Detection.NO_MATCH;
      }
    }
    if (readable < layout.cmdCodeOffset() + 2) {
      return readable > layout.typeOffset()
              && !BoltLayout.validType(in.getByte(start + layout.typeOffset()))
          ? Detection.NO_MATCH
          : Detection.NEED_MORE_DATA;
    }
    int type = in.getByte(start + layout.typeOffset());
    int cmdCode = in.getUnsignedShort(start + layout.cmdCodeOffset());
    return consistent(type, cmdCode) ? Detection.MATCH : Detection.NO_MATCH;
  }

  /**
   * The length of the frame at {@code in.readerIndex()}, or -1 until its fixed header has arrived.
   *
   * @throws RpcFrameException for a wrong protocol code, version, type or command code, a negative
   *     length, or a frame longer than {@code maxFrameBytes}
   */
  static int frameLength(BoltLayout layout, ByteBuf in, int maxFrameBytes) {
    int start = in.readerIndex();
    int readable = in.readableBytes();
    if (readable == 0) {
      return -1;
    }
    byte code = in.getByte(start);
    if (code != layout.code()) {
      throw new RpcFrameException(
          String.format(
              "not a %s frame: protocol code 0x%02x, expected 0x%02x",
              layout, code & 0xff, layout.code()));
    }
    if (layout.isV2() && readable > layout.ver1Offset()) {
      byte ver1 = in.getByte(start + layout.ver1Offset());
      if (!validVer1(ver1)) {
        throw new RpcFrameException(layout + " frame of unknown version ver1=" + ver1);
      }
    }
    if (readable <= layout.typeOffset()) {
      return -1;
    }
    byte type = in.getByte(start + layout.typeOffset());
    if (!BoltLayout.validType(type)) {
      throw new RpcFrameException(layout + " frame of unknown type " + type);
    }
    boolean response = type == BoltLayout.TYPE_RESPONSE;
    int headerSize = layout.headerSize(response);
    if (readable < headerSize) {
      return -1;
    }
    int cmdCode = in.getUnsignedShort(start + layout.cmdCodeOffset());
    kind(layout, type, cmdCode);
    int lengths = start + layout.lengthsOffset(response);
    short classLength = in.getShort(lengths);
    short headerLength = in.getShort(lengths + 2);
    int contentLength = in.getInt(lengths + 4);
    if (classLength < 0 || headerLength < 0 || contentLength < 0) {
      throw new RpcFrameException(
          String.format(
              "%s frame with a negative length: class %d, header %d, content %d",
              layout, classLength, headerLength, contentLength));
    }
    boolean crc =
        layout.isV2()
            && BoltLayout.hasCrc(
                in.getByte(start + layout.ver1Offset()), in.getByte(start + layout.switchOffset()));
    long length =
        (long) headerSize
            + classLength
            + headerLength
            + contentLength
            + (crc ? BoltLayout.CRC_BYTES : 0);
    if (length > maxFrameBytes) {
      throw new RpcFrameException(
          layout + " frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
    }
    return (int) length;
  }

  /**
   * What a frame of {@code type} and {@code cmdCode} is.
   *
   * @throws RpcFrameException for a command code the type cannot carry
   */
  static RpcFrame.Kind kind(BoltLayout layout, int type, int cmdCode) {
    if (type == BoltLayout.TYPE_RESPONSE) {
      if (cmdCode == BoltLayout.CMD_RESPONSE) {
        return RpcFrame.Kind.RESPONSE;
      }
      if (cmdCode == BoltLayout.CMD_HEARTBEAT) {
        return RpcFrame.Kind.HEARTBEAT_RESPONSE;
      }
    } else if (type == BoltLayout.TYPE_REQUEST || type == BoltLayout.TYPE_ONEWAY) {
      boolean oneway = type == BoltLayout.TYPE_ONEWAY;
      if (cmdCode == BoltLayout.CMD_REQUEST) {
        return oneway ? RpcFrame.Kind.ONEWAY_REQUEST : RpcFrame.Kind.REQUEST;
      }
      if (cmdCode == BoltLayout.CMD_HEARTBEAT) {
        // A oneway heartbeat asks for no ack: nothing to do with it.
        return oneway ? RpcFrame.Kind.OTHER_EVENT : RpcFrame.Kind.HEARTBEAT_REQUEST;
      }
    }
    throw new RpcFrameException(layout + " frame of type " + type + " with cmdcode " + cmdCode);
  }

  private static boolean consistent(int type, int cmdCode) {
    if (!BoltLayout.validType(type) || !BoltLayout.validCmdCode(cmdCode)) {
      return false;
    }
    return type == BoltLayout.TYPE_RESPONSE
        ? cmdCode != BoltLayout.CMD_REQUEST
        : cmdCode != BoltLayout.CMD_RESPONSE;
  }

  private static boolean validVer1(byte ver1) {
    return ver1 == 1 || ver1 == BoltLayout.VER1_CRC_CAPABLE;
  }
}
