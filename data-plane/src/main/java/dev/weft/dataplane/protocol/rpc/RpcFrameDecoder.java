package dev.weft.dataplane.protocol.rpc;

import dev.weft.dataplane.stats.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the byte stream into frames, each a retained slice of the pooled read buffer (no copy).
 * Bytes that cannot be a frame close this connection only, with a log line and a count; so does a
 * connection that closes in the middle of a frame.
 */
final class RpcFrameDecoder extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(RpcFrameDecoder.class);

  private final RpcCodec codec;
  private final int maxFrameBytes;
  private final Counter badFrames;
  private boolean failed;

  RpcFrameDecoder(RpcCodec codec, int maxFrameBytes, Counter badFrames) {
    this.codec = codec;
    this.maxFrameBytes = maxFrameBytes;
    this.badFrames = badFrames;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      while (in.isReadable()) {
        int length = codec.frameLength(in, maxFrameBytes);
        if (length < 0 || in.readableBytes() < length) {
          return;
        }
        ByteBuf frame = in.readRetainedSlice(length);
        try {
          out.add(codec.decode(frame));
        } catch (RpcFrameException e) {
          frame.release();
          throw e;
        }
      }
    } catch (RpcFrameException e) {
      failed = true;
      badFrames.inc();
      log.warn(
          "closing {} connection from {}: {}",
          codec.name(),
          ctx.channel().remoteAddress(),
          e.getMessage());
      in.skipBytes(in.readableBytes());
      ctx.close();
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.isReadable()) {
      decode(ctx, in, out);
    }
    if (!failed && in.isReadable()) {
      failed = true;
      badFrames.inc();
      log.warn(
          "{} connection from {} closed in the middle of a frame ({} bytes unread)",
          codec.name(),
          ctx.channel().remoteAddress(),
          in.readableBytes());
      in.skipBytes(in.readableBytes());
    }
  }
}
