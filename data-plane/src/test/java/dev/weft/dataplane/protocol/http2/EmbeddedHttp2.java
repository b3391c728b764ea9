package dev.weft.dataplane.protocol.http2;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.StreamAcceptor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Frame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.Http2WindowUpdateFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/2 server codec on one {@link EmbeddedChannel} and a Netty frame-codec client on another,
 * with the bytes moved between them by {@link #exchange()}. The client records the frames it reads.
 */
final class EmbeddedHttp2 implements AutoCloseable {
  final EmbeddedChannel server = new EmbeddedChannel();
  final EmbeddedChannel client;
  final Recorder frames = new Recorder();

  EmbeddedHttp2(Http2Protocol protocol, ProtocolOptions options, StreamAcceptor acceptor) {
    protocol.installServer(
        server,
        new ServerContext(acceptor, options, new Flusher(server.eventLoop()), List.of(protocol)));
    client =
        new EmbeddedChannel(
            Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                .build(),
            frames);
    exchange();
  }

  /** Moves bytes both ways until neither side has anything more to say. */
  void exchange() {
    boolean moved = true;
    while (moved) {
      moved = false;
      client.runPendingTasks();
      server.runPendingTasks();
      for (ByteBuf b; (b = client.readOutbound()) != null; moved = true) {
        server.writeInbound(b);
      }
      server.runPendingTasks();
      for (ByteBuf b; (b = server.readOutbound()) != null; moved = true) {
        client.writeInbound(b);
      }
    }
  }

  /** Writes raw bytes to the server, as a misbehaving client would. */
  void rawToServer(ByteBuf bytes) {
    server.writeInbound(bytes);
    exchange();
  }

  Http2FrameStream newStream() {
    return frames.newStream();
  }

  void send(Http2StreamFrame frame) {
    client.writeAndFlush(frame);
    exchange();
  }

  @Override
  public void close() {
    server.finishAndReleaseAll();
    client.finishAndReleaseAll();
  }

  /** A frame the client read, reduced to what tests look at. */
  record Seen(String type, int streamId, Object payload, boolean endStream) {}

  /** Records the frames the client reads, releasing them. */
  static final class Recorder extends Http2ChannelDuplexHandler {
    final List<Seen> seen = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Http2Frame frame = (Http2Frame) msg;
      try {
        if (frame instanceof Http2HeadersFrame) {
          Http2HeadersFrame h = (Http2HeadersFrame) frame;
          seen.add(new Seen("HEADERS", h.stream().id(), h.headers(), h.isEndStream()));
        } else if (frame instanceof Http2DataFrame) {
          Http2DataFrame d = (Http2DataFrame) frame;
          seen.add(
              new Seen(
                  "DATA",
                  d.stream().id(),
                  d.content().toString(StandardCharsets.UTF_8),
                  d.isEndStream()));
        } else if (frame instanceof Http2WindowUpdateFrame) {
          Http2WindowUpdateFrame w = (Http2WindowUpdateFrame) frame;
          seen.add(new Seen("WINDOW_UPDATE", w.stream().id(), w.windowSizeIncrement(), false));
        } else if (frame instanceof Http2GoAwayFrame) {
          Http2GoAwayFrame g = (Http2GoAwayFrame) frame;
          seen.add(new Seen("GOAWAY", 0, g.errorCode(), false));
        } else {
          seen.add(new Seen(frame.name(), 0, null, false));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    List<Seen> of(String type) {
      return seen.stream().filter(s -> s.type().equals(type)).toList();
    }
  }
}
