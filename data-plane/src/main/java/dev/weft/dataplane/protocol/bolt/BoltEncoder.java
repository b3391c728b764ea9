package dev.weft.dataplane.protocol.bolt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bolt frames the sidecar writes: heartbeats, heartbeat acks and error responses (header only,
 * no class, header map or content), and forwarded frames whose header map routing changed.
 */
final class BoltEncoder {
  private static final Logger log = LoggerFactory.getLogger(BoltEncoder.class);

  /** Bolt reads the header length as a signed 16-bit value. */
  static final int MAX_HEADER_BLOCK = Short.MAX_VALUE;

  static final byte HESSIAN2 = 1;

  private static final byte COMMAND_VERSION = 1;
  private static final byte VER1_NO_CRC = 1;

  private BoltEncoder() {}

  /**
   * A heartbeat request: cmdcode 0, timeout -1, no body. A v2 heartbeat uses {@code ver1} 1, which
   * carries no CRC and which every v2 peer accepts.
   */
  static ByteBuf heartbeatRequest(BoltLayout layout, long id, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(layout.headerSize(false));
    out.writeByte(layout.code());
    if (layout.isV2()) {
      out.writeByte(VER1_NO_CRC);
    }
    out.writeByte(BoltLayout.TYPE_REQUEST);
    out.writeShort(BoltLayout.CMD_HEARTBEAT);
    out.writeByte(COMMAND_VERSION);
    out.writeInt((int) id);
    out.writeByte(HESSIAN2);
    if (layout.isV2()) {
      out.writeByte(0);
    }
    out.writeInt(-1);
    writeLengths(out, 0, 0, 0);
    return out;
  }

  /**
   * A bodiless response to {@code request} with {@code cmdCode} (heartbeat ack or RPC response) and
   * {@code status}, keeping the request's ID, versions, serializer, switches and CRC.
   */
  static ByteBuf response(BoltFrame request, int cmdCode, int status, ByteBufAllocator alloc) {
    return response(request, cmdCode, status, null, alloc);
  }

  /**
   * An RPC response to {@code request} with {@code status} whose body is an exception of bolt's own
   * class {@code RpcServerException} carrying {@code message} (in SOFA's Hessian): every bolt
   * client, SOFA RPC included, rebuilds it and shows the message.
   */
  static ByteBuf exceptionResponse(
      BoltFrame request, int status, String message, ByteBufAllocator alloc) {
    return response(request, BoltLayout.CMD_RESPONSE, status, message, alloc);
  }

  private static ByteBuf response(
      BoltFrame request, int cmdCode, int status, String message, ByteBufAllocator alloc) {
    BoltLayout layout = request.layout();
    boolean crc = request.hasCrc();
    ByteBuf out = alloc.buffer(layout.headerSize(true) + (crc ? BoltLayout.CRC_BYTES : 0) + 128);
    out.writeByte(layout.code());
    if (layout.isV2()) {
      out.writeByte(request.ver1());
    }
    out.writeByte(BoltLayout.TYPE_RESPONSE);
    out.writeShort(cmdCode);
    out.writeByte(request.ver2());
    out.writeInt((int) request.requestId());
    out.writeByte(request.codec());
    if (layout.isV2()) {
      out.writeByte(request.switches());
    }
    out.writeShort(status);
    if (message == null) {
      writeLengths(out, 0, 0, 0);
    } else {
      int lengths = out.writerIndex();
      writeLengths(out, 0, 0, 0);
      int classStart = out.writerIndex();
      out.writeCharSequence(SofaHessianException.CLASS_NAME, StandardCharsets.US_ASCII);
      int contentStart = out.writerIndex();
      SofaHessianException.write(out, message);
      out.setShort(lengths, contentStart - classStart);
      out.setInt(lengths + 4, out.writerIndex() - contentStart);
    }
    if (crc) {
      out.writeInt(BoltCrc.compute(out, out.readerIndex(), out.readableBytes()));
    }
    return out;
  }

  /**
   * {@code frame} with its header block replaced by {@code headers}: a new buffer for the fixed
   * header, class name and header map, then the content as a retained slice (not copied), then a
   * fresh CRC32 when the frame has one. If the map no longer fits Bolt's 16-bit header length, the
   * change is dropped with a warning and the frame goes as it came.
   */
  static ByteBuf withHeaders(BoltFrame frame, BoltHeaders headers) {
    ByteBuf bytes = frame.bytes();
    int headerBlock = headers.encodedLength();
    if (headerBlock > MAX_HEADER_BLOCK) {
      log.warn(
          "{} header map of {} bytes after route changes exceeds {}; sending the original",
          frame.layout(),
          headerBlock,
          MAX_HEADER_BLOCK);
      if (frame.hasCrc()) {
        frame.writeCrc();
      }
      return bytes.retainedDuplicate();
    }
    int base = frame.base();
    int fixed = frame.fixedHeaderSize();
    ByteBufAllocator alloc = bytes.alloc();
    ByteBuf head = alloc.buffer(fixed + frame.classLength() + headerBlock);
    head.writeBytes(bytes, base, fixed + frame.classLength());
    head.setShort(frame.layout().lengthsOffset(frame.isResponse()) + 2, headerBlock);
    headers.encode(head);
    ByteBuf content = bytes.retainedSlice(frame.contentStart(), frame.contentLength());
    CompositeByteBuf wire = alloc.compositeBuffer(3);
    wire.addComponents(true, head, content);
    if (frame.hasCrc()) {
      CRC32 crc = new CRC32();
      BoltCrc.update(crc, head, head.readerIndex(), head.readableBytes());
      BoltCrc.update(crc, content, content.readerIndex(), content.readableBytes());
      wire.addComponent(true, alloc.buffer(BoltLayout.CRC_BYTES).writeInt((int) crc.getValue()));
    }
    return wire;
  }

  private static void writeLengths(ByteBuf out, int classLength, int headerLength, int content) {
    out.writeShort(classLength);
    out.writeShort(headerLength);
    out.writeInt(content);
  }
}
