package dev.weft.dataplane.protocol.dubbo;

import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.hessian.Hessian2Output;
import dev.weft.dataplane.protocol.rpc.RpcCodec;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;

/**
 * Dubbo 2 ({@code dubbo://}, also spoken by Dubbo 3) on the shared RPC machinery: 16-byte header
 * with magic {@code 0xdabb}, 64-bit request IDs rewritten in place, heartbeats answered here, and
 * the sidecar's own answers as hessian2 error responses.
 */
public final class DubboCodec implements RpcCodec {
  public static final String NAME = "dubbo";

  /** Dubbo's own default heartbeat interval ({@code heartbeat} URL parameter). */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(60);

  /** Dubbo's response type "value, no attachments", a hessian2 int. */
  private static final int RESPONSE_VALUE = 1;

  private final Duration heartbeatInterval;

  public DubboCodec() {
    this(DEFAULT_HEARTBEAT_INTERVAL);
  }

  /** A codec whose idle upstream connections send a heartbeat every {@code heartbeatInterval}. */
  public DubboCodec(Duration heartbeatInterval) {
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive");
    }
    this.heartbeatInterval = heartbeatInterval;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Detection detect(ByteBuf firstBytes) {
    int at = firstBytes.readerIndex();
    int readable = firstBytes.readableBytes();
    if (readable >= 1 && firstBytes.getUnsignedByte(at) != DubboWire.MAGIC >> 8) {
      return Detection.NO_MATCH;
    }
    if (readable < 2) {
      return Detection.NEED_MORE_DATA;
    }
    return firstBytes.getUnsignedShort(at) == DubboWire.MAGIC
        ? Detection.MATCH
        : Detection.NO_MATCH;
  }

  @Override
  public int frameLength(ByteBuf in, int maxFrameBytes) {
    int at = in.readerIndex();
    int readable = in.readableBytes();
    if (readable >= 1 && in.getUnsignedByte(at) != DubboWire.MAGIC >> 8
        || readable >= 2 && in.getUnsignedShort(at) != DubboWire.MAGIC) {
      throw new RpcFrameException(
          "bad dubbo magic 0x" + ByteBufUtil.hexDump(in, at, Math.min(readable, 2)));
    }
    if (readable < DubboWire.HEADER_LENGTH) {
      return -1;
    }
    int body = in.getInt(at + DubboWire.LENGTH_OFFSET);
    if (body < 0) {
      throw new RpcFrameException("negative dubbo body length " + body);
    }
    if (body > maxFrameBytes - DubboWire.HEADER_LENGTH) {
      throw new RpcFrameException(
          "dubbo frame of " + (DubboWire.HEADER_LENGTH + (long) body) + " bytes over the limit");
    }
    return DubboWire.HEADER_LENGTH + body;
  }

  @Override
  public RpcFrame decode(ByteBuf frame) {
    int base = frame.readerIndex();
    if (frame.readableBytes() < DubboWire.HEADER_LENGTH
        || frame.getUnsignedShort(base) != DubboWire.MAGIC
        || frame.getInt(base + DubboWire.LENGTH_OFFSET)
            != frame.readableBytes() - DubboWire.HEADER_LENGTH) {
      throw new RpcFrameException("not one whole dubbo frame");
    }
    return new DubboFrame(frame, DubboWire.kind(frame, base));
  }

  /** Answers in the heartbeat's serialization with its own body, which is that null. */
  @Override
  public ByteBuf heartbeatResponse(RpcFrame heartbeat, ByteBufAllocator alloc) {
    DubboFrame request = (DubboFrame) heartbeat;
    int bodyLength = request.bodyLength();
    ByteBuf out = alloc.buffer(DubboWire.HEADER_LENGTH + bodyLength);
    DubboWire.writeHeader(
        out, DubboWire.FLAG_EVENT | request.serialization(), DubboStatus.OK, request.requestId());
    ByteBuf bytes = request.bytes();
    out.writeBytes(bytes, bytes.readerIndex() + DubboWire.HEADER_LENGTH, bodyLength);
    return DubboWire.finish(out, 0);
  }

  @Override
  public ByteBuf heartbeatRequest(long id, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(DubboWire.HEADER_LENGTH + 1);
    DubboWire.writeHeader(
        out,
        DubboWire.FLAG_REQUEST | DubboWire.FLAG_TWO_WAY | DubboWire.FLAG_EVENT | DubboWire.HESSIAN2,
        0,
        id);
    out.writeByte(DubboWire.HESSIAN2_NULL);
    return DubboWire.finish(out, 0);
  }

  /**
   * A hessian2 response (flag {@code 0x02}, which every Dubbo consumer reads whatever it sent) with
   * the status {@link DubboStatus#of} picks and a message naming the service. A route's 2xx direct
   * response is a successful call whose return value is the response body, as a string.
   */
  @Override
  public ByteBuf errorResponse(RpcFrame request, LocalReply reply, ByteBufAllocator alloc) {
    int status = DubboStatus.of(reply);
    ByteBuf out = alloc.buffer(64 + reply.body().length());
    DubboWire.writeHeader(out, DubboWire.HESSIAN2, status, request.requestId());
    if (status == DubboStatus.OK) {
      Hessian2Output.writeCompactInt(out, RESPONSE_VALUE);
      Hessian2Output.writeString(out, reply.body());
    } else {
      Hessian2Output.writeString(out, message(request, reply));
    }
    return DubboWire.finish(out, 0);
  }

  private static String message(RpcFrame request, LocalReply reply) {
    String message = reply.body().strip();
    if (message.isEmpty()) {
      message = reply.kind().name().toLowerCase().replace('_', ' ');
    }
    String service = request.headers().get(DubboHeaders.SERVICE);
    if (service != null && !message.contains(service)) {
      message += " (service " + service + ")";
    }
    if (reply.kind() == LocalReply.Kind.NO_ROUTE
        && request instanceof DubboFrame frame
        && frame.serialization() != DubboWire.HESSIAN2) {
      message +=
          " (serialization "
              + frame.serialization()
              + ": only hessian2 bodies are read, so no service, method or attachment to route"
              + " on)";
    }
    return message;
  }

  /** A provider's readonly event: stop sending it new calls on that connection. */
  @Override
  public boolean drainsConnection(RpcFrame event) {
    return event instanceof DubboFrame frame && frame.isReadonlyEvent();
  }

  @Override
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  @Override
  public long maxRequestId() {
    return Long.MAX_VALUE;
  }
}
