package dev.weft.dataplane.protocol.bolt;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcFrameException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One Bolt v1 or v2 frame over its own bytes: the fixed header is read in place, the request ID
 * rewritten in place (the v2 CRC32 recomputed when the frame has one), and the SOFA RPC header map
 * parsed only when routing asks for it.
 */
final class BoltFrame extends RpcFrame {
  private final BoltLayout layout;
  private final int base;
  private final int type;
  private final int cmdCode;
  private final int headerSize;
  private final int classLength;
  private final int headerLength;
  private final int contentLength;
  private final boolean crc;
  private final Kind kind;
  private BoltHeaders headers;

  private BoltFrame(BoltLayout layout, ByteBuf bytes, Kind kind) {
    super(bytes);
    this.layout = layout;
    this.base = bytes.readerIndex();
    this.kind = kind;
    this.type = bytes.getByte(base + layout.typeOffset());
    this.cmdCode = bytes.getUnsignedShort(base + layout.cmdCodeOffset());
    boolean response = type == BoltLayout.TYPE_RESPONSE;
    this.headerSize = layout.headerSize(response);
    int lengths = base + layout.lengthsOffset(response);
    this.classLength = bytes.getShort(lengths);
    this.headerLength = bytes.getShort(lengths + 2);
    this.contentLength = bytes.getInt(lengths + 4);
    this.crc =
        layout.isV2()
            && BoltLayout.hasCrc(
                bytes.getByte(base + layout.ver1Offset()),
                bytes.getByte(base + layout.switchOffset()));
  }

  /**
   * Wraps exactly one frame: {@code bytes} must hold its whole length and nothing more.
   *
   * @throws RpcFrameException for a header that makes no sense or a CRC32 that does not match; the
   *     caller still owns {@code bytes}
   */
  static BoltFrame wrap(BoltLayout layout, ByteBuf bytes) {
    int length = BoltFraming.frameLength(layout, bytes, Integer.MAX_VALUE);
    if (length < 0 || length != bytes.readableBytes()) {
      throw new RpcFrameException(
          layout
              + " frame of "
              + bytes.readableBytes()
              + " bytes does not match its header"
              + (length < 0 ? "" : " (" + length + " bytes)"));
    }
    int start = bytes.readerIndex();
    int type = bytes.getByte(start + layout.typeOffset());
    int cmdCode = bytes.getUnsignedShort(start + layout.cmdCodeOffset());
    BoltFrame frame = new BoltFrame(layout, bytes, BoltFraming.kind(layout, type, cmdCode));
    if (frame.crc) {
      int expected = bytes.getInt(start + length - BoltLayout.CRC_BYTES);
      int actual = BoltCrc.compute(bytes, start, length - BoltLayout.CRC_BYTES);
      if (expected != actual) {
        throw new RpcFrameException(
            String.format(
                "%s frame %d fails its CRC32 check: carries %08x, computed %08x",
                layout, frame.requestId(), expected, actual));
      }
    }
    return frame;
  }

  BoltLayout layout() {
    return layout;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  int type() {
    return type;
  }

  int cmdCode() {
    return cmdCode;
  }

  /** v2's {@code ver1}; 0 for v1. */
  int ver1() {
    return layout.isV2() ? bytes().getByte(base + layout.ver1Offset()) : 0;
  }

  int ver2() {
    return bytes().getByte(base + layout.ver2Offset());
  }

  /** The serializer ID (1 = Hessian2). */
  int codec() {
    return bytes().getByte(base + layout.codecOffset());
  }

  /** v2's protocol switches; 0 for v1. */
  int switches() {
    return layout.isV2() ? bytes().getByte(base + layout.switchOffset()) : 0;
  }

  boolean hasCrc() {
    return crc;
  }

  boolean isResponse() {
    return type == BoltLayout.TYPE_RESPONSE;
  }

  /** A response's status (see {@link BoltStatus}); -1 for requests. */
  int status() {
    return isResponse() ? bytes().getUnsignedShort(base + layout.timeoutOrStatusOffset()) : -1;
  }

  /** A request's timeout field in milliseconds (-1 = none); 0 for responses. */
  int timeoutMillis() {
    return isResponse() ? 0 : bytes().getInt(base + layout.timeoutOrStatusOffset());
  }

  int classLength() {
    return classLength;
  }

  int headerLength() {
    return headerLength;
  }

  int contentLength() {
    return contentLength;
  }

  String className() {
    return bytes().toString(base + headerSize, classLength, StandardCharsets.US_ASCII);
  }

  /** The content, as a view of the frame's bytes (not retained). */
  ByteBuf content() {
    return bytes().slice(contentStart(), contentLength);
  }

  int contentStart() {
    return base + headerSize + classLength + headerLength;
  }

  int fixedHeaderSize() {
    return headerSize;
  }

  int base() {
    return base;
  }

  @Override
  public long requestId() {
    return bytes().getInt(base + layout.idOffset());
  }

  @Override
  public void setRequestId(long id) {
    bytes().setInt(base + layout.idOffset(), (int) id);
    if (crc && (headers == null || !headers.modified())) {
      writeCrc();
    }
  }

  /** Recomputes the CRC32 trailer over the frame's own bytes. */
  void writeCrc() {
    int covered = bytes().readableBytes() - BoltLayout.CRC_BYTES;
    bytes().setInt(base + covered, BoltCrc.compute(bytes(), base, covered));
  }

  @Override
  public Optional<Duration> timeout() {
    int millis = timeoutMillis();
    return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
  }

  @Override
  public int httpStatus() {
    return kind == Kind.RESPONSE ? BoltStatus.toHttp(status()) : 200;
  }

  @Override
  public HeaderMap headers() {
    if (headers == null) {
      headers = BoltHeaders.parse(bytes(), base + headerSize + classLength, headerLength);
    }
    return headers;
  }

  /** The frame as it is, or re-encoded around a header map that routing changed. */
  @Override
  public ByteBuf encodeForWire() {
    if (headers == null || !headers.modified()) {
      return bytes().retainedDuplicate();
    }
    return BoltEncoder.withHeaders(this, headers);
  }
}
