package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.LocalReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;

/**
 * What one RPC protocol tells the shared machinery: how to recognise, frame and classify its bytes,
 * and how to speak for itself (heartbeats, error replies).
 */
public interface RpcCodec {
  /** The registered protocol name ({@code bolt}, {@code boltv2}, {@code dubbo}). */
  String name();

  /** Looks at a connection's first bytes without consuming them. */
  Detection detect(ByteBuf firstBytes);

  /**
   * The length of the frame starting at {@code in.readerIndex()}, or -1 when more bytes are needed
   * to tell.
   *
   * @throws RpcFrameException for bytes that cannot start a frame (bad magic, a negative length, a
   *     frame larger than {@code maxFrameBytes})
   */
  int frameLength(ByteBuf in, int maxFrameBytes);

  /**
   * Wraps one complete frame, which the returned frame then owns.
   *
   * @throws RpcFrameException for a frame whose header makes no sense; the caller then still owns
   *     {@code frame}
   */
  RpcFrame decode(ByteBuf frame);

  /** The answer to a heartbeat request, with its ID. */
  ByteBuf heartbeatResponse(RpcFrame heartbeat, ByteBufAllocator alloc);

  /** A heartbeat request with {@code id}, to keep an upstream connection alive. */
  ByteBuf heartbeatRequest(long id, ByteBufAllocator alloc);

  /** An error response to {@code request} in this protocol's terms (status and message). */
  ByteBuf errorResponse(RpcFrame request, LocalReply reply, ByteBufAllocator alloc);

  /**
   * Whether an {@link RpcFrame.Kind#OTHER_EVENT} from an upstream asks for no new calls on that
   * connection (Dubbo's readonly event, sent by a provider that is shutting down): the connection
   * then drains, its calls in flight finish and new calls go to another connection.
   */
  default boolean drainsConnection(RpcFrame event) {
    return false;
  }

  /** How often an idle upstream connection sends a heartbeat. */
  Duration heartbeatInterval();

  /** The largest request ID, after which IDs wrap to 1 ({@link Integer#MAX_VALUE} for Bolt). */
  long maxRequestId();
}
