package dev.weft.dataplane.protocol.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.ServerStream;
import dev.weft.dataplane.protocol.ServerStreamListener;
import dev.weft.dataplane.protocol.http2.Http2Protocol;
import dev.weft.dataplane.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** h2c: the first request of an HTTP/1 connection switching it to HTTP/2 (RFC 7540 §3.2). */
class Http1UpgradeTest {
  private static final String UPGRADE =
      "GET /up HTTP/1.1\r\nHost: svc\r\nConnection: Upgrade, HTTP2-Settings\r\n"
          + "HTTP2-Settings: AAMAAABkAAQAAP__\r\nUpgrade: h2c\r\n\r\n";

  private final EmbeddedChannel server = new EmbeddedChannel();
  private final List<RequestHead> heads = new ArrayList<>();

  @AfterEach
  void close() {
    server.finishAndReleaseAll();
  }

  private void install() {
    Http2Protocol http2 = new Http2Protocol(new Stats().set("protocol", "protocol", "Http2"));
    ServerContext context =
        new ServerContext(
            this::accept,
            ServerFixture.OPTIONS,
            new Flusher(server.eventLoop()),
            List.of(new Http1Protocol(), http2));
    new Http1Protocol().installServer(server, context);
  }

  private String written() {
    server.runPendingTasks();
    StringBuilder out = new StringBuilder();
    for (Object msg; (msg = server.readOutbound()) != null; ) {
      out.append(((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1));
      ((ByteBuf) msg).release();
    }
    return out.toString();
  }

  /** What an HTTP/2 client sends first: the preface and its SETTINGS. */
  private static ByteBuf clientPreface() {
    EmbeddedChannel client = new EmbeddedChannel(Http2FrameCodecBuilder.forClient().build());
    CompositeByteBuf preface = Unpooled.compositeBuffer();
    for (Object msg; (msg = client.readOutbound()) != null; ) {
      preface.addComponent(true, (ByteBuf) msg);
    }
    client.finishAndReleaseAll();
    return preface;
  }

  @Test
  void theFirstRequestSwitchesAndTheBytesAfterItGoToTheHttp2Codec() {
    install();
    ByteBuf preface = clientPreface();
    int prefaceBytes = preface.readableBytes();
    ByteBuf in = Unpooled.buffer().writeBytes(UPGRADE.getBytes(StandardCharsets.US_ASCII));

    server.writeInbound(Unpooled.wrappedBuffer(in, preface));

    String written = written();
    assertThat(written).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
    // A SETTINGS ack: the HTTP/2 codec read the client's preface that followed the request.
    assertThat(prefaceBytes).isPositive();
    assertThat(written).contains("\0\0\0\4\1\0\0\0\0");
    assertThat(server.pipeline().get(Http1Protocol.SERVER)).isNull();
    assertThat(server.pipeline().names()).noneMatch(name -> name.startsWith("http1-upgrade"));
    assertThat(heads).hasSize(1);
    assertThat(heads.get(0).protocol()).isEqualTo("Http2");
    assertThat(heads.get(0).path()).isEqualTo("/up");
    assertThat(server.isOpen()).isTrue();
  }

  @Test
  void anUpgradeItCannotMakeIsServedAsHttp1() {
    install();

    server.writeInbound(
        Unpooled.copiedBuffer(
            UPGRADE.replace("h2c", "websocket").replace("GET /up", "GET /ws"),
            StandardCharsets.US_ASCII));

    assertThat(heads).extracting(RequestHead::protocol).containsExactly("Http1");
    assertThat(heads.get(0).headers().contains("upgrade")).isFalse();
    assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(server.pipeline().get(Http1Protocol.SERVER)).isNotNull();
    assertThat(server.pipeline().names()).noneMatch(name -> name.startsWith("http1-upgrade"));
  }

  private ServerStreamListener accept(ServerStream stream) {
    return new ServerStreamListener() {
      @Override
      public void onHeaders(RequestHead head, boolean endStream) {
        heads.add(head);
        stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, "hi"));
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
    };
  }
}
