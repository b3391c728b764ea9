package dev.weft.dataplane.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The flusher runs on a real event loop here (an embedded loop runs tasks as they are submitted);
 * the channels are embedded ones, which record what reached the socket at each flush. Each {@link
 * #pass} is one event-loop pass: the flush task it schedules runs after it, before the next pass.
 */
class FlusherTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final FlushCount aFlushes = new FlushCount();
  private final FlushCount bFlushes = new FlushCount();
  private final EmbeddedChannel a = new EmbeddedChannel(aFlushes);
  private final EmbeddedChannel b = new EmbeddedChannel(bFlushes);
  private final Flusher flusher = new Flusher(loop);

  @AfterEach
  void close() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  @Test
  void writesWaitForTheEndOfThePassThenEachDirtyChannelIsFlushedOnce() {
    // (A channel written to again after another one is listed, and flushed, twice: the second
    // flush finds nothing left to write.)
    pass(
        () -> {
          flusher.write(a, text("a1"));
          flusher.write(a, text("a2"));
          flusher.write(b, text("b1"));
          assertThat(a.outboundMessages()).isEmpty();
          assertThat(b.outboundMessages()).isEmpty();
        });

    pass(() -> {});

    assertThat(read(a)).containsExactly("a1", "a2");
    assertThat(read(b)).containsExactly("b1");
    assertThat(aFlushes.count).isEqualTo(1);
    assertThat(bFlushes.count).isEqualTo(1);
  }

  @Test
  void aHeldWriteIsAskedForBeforeItsChannelIsFlushedAndOnlyOnce() {
    List<String> asked = new ArrayList<>();
    pass(
        () -> {
          flusher.write(a, text("first"));
          flusher.holdUntilFlush(
              a,
              () -> {
                asked.add("asked");
                a.write(text("held"));
              });
          assertThat(asked).isEmpty();
        });
    pass(() -> flusher.write(a, text("next")));
    pass(() -> {});

    assertThat(asked).containsExactly("asked");
    assertThat(read(a)).containsExactly("first", "held", "next");
    assertThat(aFlushes.count).isEqualTo(2);
  }

  @Test
  void aWriteHeldWhileFlushingJoinsThatFlush() {
    List<String> flushed = new ArrayList<>();
    b.pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void flush(ChannelHandlerContext ctx) {
                if (flushed.isEmpty()) {
                  flushed.add("b");
                  flusher.holdUntilFlush(a, () -> flusher.write(a, text("late")));
                }
                ctx.flush();
              }
            });
    pass(() -> flusher.write(b, text("b1")));
    pass(() -> {});

    assertThat(read(b)).containsExactly("b1");
    assertThat(read(a)).containsExactly("late");
  }

  private void pass(Runnable work) {
    loop.submit(work).syncUninterruptibly();
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }

  private static List<String> read(EmbeddedChannel channel) {
    List<String> out = new ArrayList<>();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      out.add(buf.toString(StandardCharsets.US_ASCII));
      buf.release();
    }
    return out;
  }

  private static final class FlushCount extends ChannelOutboundHandlerAdapter {
    int count;

    @Override
    public void flush(ChannelHandlerContext ctx) {
      count++;
      ctx.flush();
    }
  }
}
