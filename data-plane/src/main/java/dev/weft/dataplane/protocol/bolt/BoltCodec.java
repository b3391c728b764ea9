package dev.weft.dataplane.protocol.bolt;

import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.rpc.RpcCodec;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;

/**
 * SOFA Bolt as an {@link RpcCodec}: v1 ({@code bolt}, protocol code 1) or v2 ({@code boltv2},
 * protocol code 2, with an optional CRC32 trailer). Heartbeats are cmdcode 0; the sidecar's own
 * error responses are bodiless RPC responses whose status tells what went wrong (see {@link
 * BoltStatus#forReply}).
 */
public final class BoltCodec implements RpcCodec {
  public static final String V1_NAME = "bolt";
  public static final String V2_NAME = "boltv2";

  /** Bolt clients' own default ({@code bolt.tcp.heartbeat.interval}). */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

  private final BoltLayout layout;
  private final Duration heartbeatInterval;

  private BoltCodec(BoltLayout layout, Duration heartbeatInterval) {
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive");
    }
    this.layout = layout;
    this.heartbeatInterval = heartbeatInterval;
  }

  /** Bolt v1, heartbeating idle upstream connections every 15 s. */
  public static BoltCodec v1() {
    return v1(DEFAULT_HEARTBEAT_INTERVAL);
  }

  public static BoltCodec v1(Duration heartbeatInterval) {
    return new BoltCodec(BoltLayout.V1, heartbeatInterval);
  }

  /** Bolt v2, heartbeating idle upstream connections every 15 s. */
  public static BoltCodec v2() {
    return v2(DEFAULT_HEARTBEAT_INTERVAL);
  }

  public static BoltCodec v2(Duration heartbeatInterval) {
    return new BoltCodec(BoltLayout.V2, heartbeatInterval);
  }

  @Override
  public String name() {
    return layout.name();
  }

  @Override
  public Detection detect(ByteBuf firstBytes) {
    return BoltFraming.detect(layout, firstBytes);
  }

  @Override
  public int frameLength(ByteBuf in, int maxFrameBytes) {
    return BoltFraming.frameLength(layout, in, maxFrameBytes);
  }

  @Override
  public RpcFrame decode(ByteBuf frame) {
    return BoltFrame.wrap(layout, frame);
  }

  @Override
  public ByteBuf heartbeatResponse(RpcFrame heartbeat, ByteBufAllocator alloc) {
    return BoltEncoder.response(
        bolt(heartbeat), BoltLayout.CMD_HEARTBEAT, BoltStatus.SUCCESS, alloc);
  }

  @Override
  public ByteBuf heartbeatRequest(long id, ByteBufAllocator alloc) {
    return BoltEncoder.heartbeatRequest(layout, id, alloc);
  }

  @Override
  public ByteBuf errorResponse(RpcFrame request, LocalReply reply, ByteBufAllocator alloc) {
    BoltFrame frame = bolt(request);
    if (BoltStatus.namesTheService(reply) && frame.codec() == BoltEncoder.HESSIAN2) {
      // With a message, the caller learns which service had nowhere to go.
      return BoltEncoder.exceptionResponse(
          frame, BoltStatus.SERVER_EXCEPTION, reply.body().strip(), alloc);
    }
    return BoltEncoder.response(frame, BoltLayout.CMD_RESPONSE, BoltStatus.forReply(reply), alloc);
  }

  @Override
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  @Override
  public long maxRequestId() {
    return Integer.MAX_VALUE;
  }

  private BoltFrame bolt(RpcFrame frame) {
    if (!(frame instanceof BoltFrame) || ((BoltFrame) frame).layout() != layout) {
      throw new IllegalArgumentException(frame + " is not a " + layout + " frame");
    }
    return (BoltFrame) frame;
  }

  @Override
  public String toString() {
    return "BoltCodec[" + layout + "]";
  }
}
