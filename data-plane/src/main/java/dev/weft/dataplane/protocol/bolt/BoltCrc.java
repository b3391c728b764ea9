package dev.weft.dataplane.protocol.bolt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Bolt v2's CRC32 trailer: {@link CRC32} over every byte from the protocol code to the content. */
final class BoltCrc {
  private BoltCrc() {}

  /** The CRC32 of {@code length} bytes of {@code buf} from {@code index}, as Bolt writes it. */
  static int compute(ByteBuf buf, int index, int length) {
    CRC32 crc = new CRC32();
    update(crc, buf, index, length);
    return (int) crc.getValue();
  }

  /** Feeds bytes to {@code crc} without copying them (direct buffers are read in place). */
  static void update(CRC32 crc, ByteBuf buf, int index, int length) {
    if (length == 0) {
      return;
    }
    int parts = buf.nioBufferCount();
    if (parts == 1) {
      crc.update(buf.nioBuffer(index, length));
    } else if (parts > 1) {
      for (ByteBuffer part : buf.nioBuffers(index, length)) {
        crc.update(part);
      }
    } else {
      crc.update(ByteBufUtil.getBytes(buf, index, length, false));
    }
  }
}
