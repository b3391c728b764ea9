package dev.weft.dataplane.protocol.dubbo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.ServerStreamListener;
import dev.weft.dataplane.protocol.hessian.Hessian2Exception;
import dev.weft.dataplane.protocol.hessian.Hessian2Input;
import dev.weft.dataplane.protocol.hessian.Hessian2Skipper;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcFrameException;
import dev.weft.dataplane.protocol.rpc.RpcProtocol;
import dev.weft.dataplane.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fuzz tests run on each input, shared by the Jazzer targets ({@link DubboFuzzTest}) and
 * the seeded mutation test ({@link DubboMutationTest}). Each method lets any exception but the
 * documented ones escape, which the callers report; leaks are caught by the paranoid leak detector.
 */
final class DubboFuzzing {
  private DubboFuzzing() {}

  private static final int MAX_FRAME = 64 * 1024;
  private static final DubboCodec CODEC = new DubboCodec();
  private static final LocalReply.Kind[] KINDS = LocalReply.Kind.values();

  /**
   * Cuts {@code bytes} into frames with the codec alone and uses every frame in every way the
   * machinery does.
   */
  static void decodeAll(byte[] bytes) {
    ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
    try {
      while (in.isReadable()) {
        int length;
        try {
          length = CODEC.frameLength(in, MAX_FRAME);
        } catch (RpcFrameException e) {
          return;
        }
        if (length < 0 || in.readableBytes() < length) {
          return;
        }
        assertThat(length).isGreaterThanOrEqualTo(16);
        ByteBuf slice = in.readRetainedSlice(length);
        RpcFrame frame;
        try {
          frame = CODEC.decode(slice);
        } catch (RpcFrameException e) {
          slice.release();
          continue;
        }
        try {
          exercise(frame);
        } finally {
          frame.release();
        }
      }
    } finally {
      in.release();
    }
  }

  private static void exercise(RpcFrame frame) {
    long id = frame.requestId();
    frame.kind();
    frame.httpStatus();
    frame.timeout();
    HeaderMap headers = frame.headers();
    headers.get("service");
    headers.get("version");
    headers.get("group");
    headers.entries();
    CODEC.drainsConnection(frame);
    frame.setRequestId(~id);
    assertThat(frame.requestId()).isEqualTo(~id);
    frame.encodeForWire().release();
    ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    if (frame.kind() == RpcFrame.Kind.HEARTBEAT_REQUEST) {
      roundTrip(CODEC.heartbeatResponse(frame, alloc), ~id);
    }
    if (frame.kind() == RpcFrame.Kind.REQUEST || frame.kind() == RpcFrame.Kind.ONEWAY_REQUEST) {
      LocalReply.Kind kind = KINDS[(int) Math.floorMod(id, (long) KINDS.length)];
      LocalReply reply =
          kind == LocalReply.Kind.DIRECT
              ? new LocalReply(kind, 200, "direct", List.of())
              : LocalReply.of(kind, "fuzz");
      roundTrip(CODEC.errorResponse(frame, reply, alloc), ~id);
    }
  }

  /** What the codec writes must be one frame it reads back, with the right ID. */
  private static void roundTrip(ByteBuf written, long id) {
    try {
      assertThat(CODEC.frameLength(written, Integer.MAX_VALUE)).isEqualTo(written.readableBytes());
      RpcFrame back = CODEC.decode(written.retain());
      try {
        assertThat(back.requestId()).isEqualTo(id);
        back.headers().entries();
      } finally {
        back.release();
      }
    } finally {
      written.release();
    }
  }

  /**
   * Feeds {@code bytes} to a real server pipeline in pieces cut at {@code splits}; each request is
   * routed on its headers and answered locally. Exceptions that reach the pipeline are rethrown.
   */
  static void pipeline(byte[] bytes, int[] splits) {
    EmbeddedChannel channel = new InetEmbeddedChannel();
    List<Throwable> failures = new ArrayList<>();
    RpcProtocol protocol =
        new RpcProtocol(CODEC, new Stats().set("protocol", "protocol", DubboCodec.NAME));
    protocol.installServer(
        channel,
        new ServerContext(
            stream -> new Answerer(stream, failures),
            new ProtocolOptions(16384, 8192, 100, 65535, MAX_FRAME),
            new Flusher(channel.eventLoop()),
            List.of(protocol)));
    channel
        .pipeline()
        .addAfter(
            "rpc-frames",
            "failures",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failures.add(cause);
                ctx.fireExceptionCaught(cause);
              }
            });
    try {
      int from = 0;
      for (int i = 0; i <= splits.length && channel.isOpen(); i++) {
        int to = i == splits.length ? bytes.length : Math.min(bytes.length, splits[i]);
        to = Math.max(from, to);
        channel.writeInbound(
            PooledByteBufAllocator.DEFAULT.buffer().writeBytes(bytes, from, to - from));
        from = to;
      }
      channel.runPendingTasks();
    } finally {
      channel.finishAndReleaseAll();
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("exception in the pipeline", failures.get(0));
    }
  }

  /** Routes on headers, then answers with a local reply and frees the head. */
  private static final class Answerer implements ServerStreamListener {
    private final dev.weft.dataplane.protocol.ServerStream stream;
    private final List<Throwable> failures;

    Answerer(dev.weft.dataplane.protocol.ServerStream stream, List<Throwable> failures) {
      this.stream = stream;
      this.failures = failures;
    }

    @Override
    public void onHeaders(RequestHead head, boolean endStream) {
      try {
        head.headers().get("service");
        head.headers().get("group");
        head.method();
        stream.sendLocalReply(LocalReply.of(LocalReply.Kind.NO_ROUTE, "no route"));
      } catch (RuntimeException | Error e) {
        failures.add(e);
      } finally {
        head.release();
      }
    }

    @Override
    public void onData(ByteBuf data, boolean endStream) {
      data.release();
    }

    @Override
    public void onTrailers(HeaderMap trailers) {}

    @Override
    public void onReset(ResetReason reason) {}

    @Override
    public void onWritabilityChanged(boolean writable) {}
  }

  /**
   * Reads {@code bytes} as Hessian 2 in every way the codec does; only {@link Hessian2Exception}
   * may stop a read, and every skip must consume bytes.
   */
  static void hessian2(byte[] bytes) {
    ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(bytes);
    Hessian2Input in = new Hessian2Input(buf, 0, bytes.length);
    Hessian2Skipper skipper = new Hessian2Skipper(in);
    int skipped = 0;
    try {
      while (!in.atEnd()) {
        int before = in.position();
        skipper.skipValue();
        assertThat(in.position()).isGreaterThan(before);
        skipped++;
      }
    } catch (Hessian2Exception expected) {
      // malformed input ends the walk
    }
    assertThat(skipped).isLessThanOrEqualTo(bytes.length);
    try {
      new Hessian2Input(buf, 0, bytes.length).readString();
    } catch (Hessian2Exception expected) {
      // not a string
    }
    DubboRequestBody body = new DubboRequestBody(buf, 0, bytes.length);
    try {
      DubboRequestBody.Leading leading = body.leading();
      body.attachments(leading, (k, v) -> {});
    } catch (Hessian2Exception expected) {
      // not a request body
    }
    // And as the body of a request frame: the codec must absorb every reader exception.
    decodeAll(DubboTestFrames.frame(DubboTestFrames.TWO_WAY_HESSIAN2, 0, 1, bytes));
  }
}
