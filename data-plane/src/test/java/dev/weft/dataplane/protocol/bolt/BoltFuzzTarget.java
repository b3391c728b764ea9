package dev.weft.dataplane.protocol.bolt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcFrameException;
import dev.weft.dataplane.protocol.rpc.RpcTestChannels;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fuzz tests check for any bytes: the decoder, fed them whole or in two reads, only ever
 * delivers frames or closes the connection on an {@link RpcFrameException}; every frame it delivers
 * can be inspected, rewritten, re-encoded and answered, and what the codec writes decodes again;
 * every buffer is released exactly once.
 */
final class BoltFuzzTarget {
  static final int MAX_FRAME = 16 * 1024;

  private static final BoltCodec[] CODECS = {BoltCodec.v1(), BoltCodec.v2()};
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private final Counter badFrames =
      new Stats().set("protocol", "protocol", "fuzz").counter("downstream_bad_frame");

  /** Runs {@code input} through both codecs, whole and split at a point the input chooses. */
  void run(byte[] input) {
    int split = input.length == 0 ? 0 : (input[input.length - 1] & 0xff) % (input.length + 1);
    for (BoltCodec codec : CODECS) {
      ByteBuf first = direct(input, 0, input.length);
      try {
        codec.detect(first); // never throws
      } finally {
        first.release();
      }
      feed(codec, input, input.length);
      feed(codec, input, split);
      decodeDirectly(codec, input);
    }
  }

  private void feed(BoltCodec codec, byte[] input, int split) {
    long badBefore = badFrames.get();
    EmbeddedChannel channel = RpcTestChannels.framing(codec, MAX_FRAME, badFrames);
    List<RpcFrame> frames = new ArrayList<>();
    try {
      // Anything but RpcFrameException escaping the decoder is rethrown here.
      channel.writeInbound(direct(input, 0, split));
      if (channel.isOpen()) {
        channel.writeInbound(direct(input, split, input.length - split));
      }
      channel.finish();
      for (RpcFrame frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
        frames.add(frame);
      }
      for (RpcFrame frame : frames) {
        exercise(codec, frame);
      }
    } finally {
      channel.finishAndReleaseAll();
      frames.forEach(RpcFrame::release);
    }
    for (RpcFrame frame : frames) {
      assertThat(frame.refCnt()).isZero();
    }
    assertThat(badFrames.get() - badBefore).isBetween(0L, 1L);
  }

  /** {@code decode} on arbitrary bytes (not cut by frameLength) must also fail cleanly. */
  private void decodeDirectly(BoltCodec codec, byte[] input) {
    ByteBuf buf = direct(input, 0, input.length);
    RpcFrame frame;
    try {
      frame = codec.decode(buf);
    } catch (RpcFrameException e) {
      assertThat(buf.refCnt()).isEqualTo(1);
      buf.release();
      return;
    }
    try {
      exercise(codec, frame);
    } finally {
      frame.release();
    }
  }

  private void exercise(BoltCodec codec, RpcFrame frame) {
    assertThat(frame.bytes().readableBytes())
        .isEqualTo(codec.frameLength(frame.bytes(), MAX_FRAME));
    frame.timeout().ifPresent(t -> assertThat(t).isPositive());
    assertThat(frame.httpStatus()).isBetween(200, 599);
    HeaderMap headers = frame.headers();
    headers.get("service");
    headers.get("method");
    List<java.util.Map.Entry<String, String>> before = headers.entries();
    String content = ByteBufUtil.hexDump(((BoltFrame) frame).content());

    frame.setRequestId(0x1234);
    assertRoundTrip(codec, frame.encodeForWire(), 0x1234, before, content);

    switch (frame.kind()) {
      case REQUEST:
      case ONEWAY_REQUEST:
      case HEARTBEAT_REQUEST:
        assertAnswer(
            codec, codec.heartbeatResponse(frame, ALLOC), RpcFrame.Kind.HEARTBEAT_RESPONSE);
        assertAnswer(
            codec,
            codec.errorResponse(frame, LocalReply.of(LocalReply.Kind.TIMEOUT, "t"), ALLOC),
            RpcFrame.Kind.RESPONSE);
        break;
      default:
        break;
    }

    if (frame.headers().size() < 64) {
      headers.set("x-fuzz", "1");
      List<java.util.Map.Entry<String, String>> changed = headers.entries();
      frame.setRequestId(0x4321);
      assertRoundTrip(codec, frame.encodeForWire(), 0x4321, changed, content);
    }
  }

  private static void assertRoundTrip(
      BoltCodec codec,
      ByteBuf wire,
      long id,
      List<java.util.Map.Entry<String, String>> headers,
      String content) {
    ByteBuf copy = ALLOC.directBuffer(wire.readableBytes()).writeBytes(wire);
    wire.release();
    assertThat(codec.frameLength(copy, Integer.MAX_VALUE)).isEqualTo(copy.readableBytes());
    RpcFrame again = codec.decode(copy);
    try {
      assertThat(again.requestId()).isEqualTo(id);
      assertThat(again.headers().entries()).isEqualTo(headers);
      assertThat(ByteBufUtil.hexDump(((BoltFrame) again).content())).isEqualTo(content);
    } finally {
      again.release();
    }
  }

  private static void assertAnswer(BoltCodec codec, ByteBuf answer, RpcFrame.Kind kind) {
    RpcFrame decoded;
    try {
      decoded = codec.decode(answer);
    } catch (RuntimeException e) {
      answer.release();
      throw e;
    }
    try {
      assertThat(decoded.kind()).isEqualTo(kind);
      assertThat(decoded.requestId()).isEqualTo(0x1234);
    } finally {
      decoded.release();
    }
  }

  private static ByteBuf direct(byte[] bytes, int from, int length) {
    return ALLOC.directBuffer(Math.max(length, 1)).writeBytes(bytes, from, length);
  }
}
