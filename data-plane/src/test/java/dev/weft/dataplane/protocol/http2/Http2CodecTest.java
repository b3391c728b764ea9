package dev.weft.dataplane.protocol.http2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ServerStream;
import dev.weft.dataplane.protocol.ServerStreamListener;
import dev.weft.dataplane.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP/2 codec on embedded channels: detection, local replies, credit, errors. */
class Http2CodecTest {
  private static final ProtocolOptions OPTIONS =
      new ProtocolOptions(16 * 1024, 8 * 1024, 100, 65_535);

  private final Stats stats = new Stats();
  private final Http2Protocol protocol =
      new Http2Protocol(stats.set("protocol", "protocol", "Http2"));
  private final List<Captured> accepted = new ArrayList<>();
  private Consumer<Captured> onHeaders = c -> {};
  private EmbeddedHttp2 h2;

  @AfterEach
  void close() {
    accepted.forEach(Captured::release);
    if (h2 != null) {
      h2.close();
    }
  }

  private EmbeddedHttp2 connect() {
    h2 =
        new EmbeddedHttp2(
            protocol,
            OPTIONS,
            stream -> {
              Captured captured = new Captured(stream);
              accepted.add(captured);
              return captured;
            });
    return h2;
  }

  private static Http2Headers request(String method, String path) {
    return new DefaultHttp2Headers()
        .method(method)
        .path(path)
        .scheme("http")
        .authority("example.com");
  }

  // ----- detection -----

  @Test
  void detectsTheClientPrefaceOnlyWhenAllOfItIsThere() {
    String preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    assertThat(detect(preface)).isEqualTo(Detection.MATCH);
    assertThat(detect(preface + "\0\0\0\4")).isEqualTo(Detection.MATCH);
    assertThat(detect("PRI * HTTP/2.0\r\n")).isEqualTo(Detection.NEED_MORE_DATA);
    assertThat(detect("")).isEqualTo(Detection.NEED_MORE_DATA);
    assertThat(detect("PRI * HTTP/1.1\r\n\r\n")).isEqualTo(Detection.NO_MATCH);
    assertThat(detect("POST / HTTP/1.1\r\n")).isEqualTo(Detection.NO_MATCH);
    assertThat(detect("GET / HTTP/1.1\r\n")).isEqualTo(Detection.NO_MATCH);
  }

  private Detection detect(String bytes) {
    ByteBuf buf = Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII);
    try {
      Detection detection = protocol.detect(buf);
      assertThat(buf.readerIndex()).isZero();
      return detection;
    } finally {
      buf.release();
    }
  }

  // ----- streams -----

  @Test
  void aRequestBecomesAServerStreamWithItsBodyAndTrailers() {
    connect();
    Http2FrameStream stream = h2.newStream();
    h2.send(
        new DefaultHttp2HeadersFrame(request("POST", "/upload?x=1").add("x-meta", "m1"), false)
            .stream(stream));
    h2.send(
        new DefaultHttp2DataFrame(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8))
            .stream(stream));
    h2.send(
        new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("x-checksum", "c1"), true)
            .stream(stream));

    assertThat(accepted).hasSize(1);
    Captured request = accepted.get(0);
    assertThat(request.head.protocol()).isEqualTo("Http2");
    assertThat(request.head.method()).isEqualTo("POST");
    assertThat(request.head.path()).isEqualTo("/upload?x=1");
    assertThat(request.head.authority()).isEqualTo("example.com");
    assertThat(request.head.headers().get("X-Meta")).isEqualTo("m1");
    assertThat(request.head.headers().entries()).noneMatch(e -> e.getKey().startsWith(":"));
    assertThat(request.body()).isEqualTo("hello");
    assertThat(request.trailers.get("x-checksum")).isEqualTo("c1");
    assertThat(request.reset).isNull();
  }

  @Test
  void aClientResetReachesTheListener() {
    connect();
    Http2FrameStream stream = h2.newStream();
    h2.send(new DefaultHttp2HeadersFrame(request("GET", "/"), false).stream(stream));
    h2.send(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));

    assertThat(accepted.get(0).reset).isEqualTo(ResetReason.REMOTE_RESET);
  }

  @Test
  void aGrpcRequestGetsATrailersOnlyLocalReply() {
    onHeaders =
        c -> c.stream.sendLocalReply(LocalReply.of(LocalReply.Kind.NO_ROUTE, "no route for x\n"));
    connect();
    Http2FrameStream stream = h2.newStream();
    h2.send(
        new DefaultHttp2HeadersFrame(
                request("POST", "/pkg.Svc/Method")
                    .add("content-type", "application/grpc+proto")
                    .add("te", "trailers"),
                false)
            .stream(stream));

    List<EmbeddedHttp2.Seen> headers = h2.frames.of("HEADERS");
    assertThat(headers).hasSize(1);
    assertThat(headers.get(0).endStream()).isTrue();
    Http2Headers reply = (Http2Headers) headers.get(0).payload();
    assertThat(reply.status().toString()).isEqualTo("200");
    assertThat(reply.get("content-type").toString()).isEqualTo("application/grpc");
    assertThat(reply.get("grpc-status").toString()).isEqualTo("12");
    assertThat(reply.get("grpc-message").toString()).isEqualTo("no route for x");
    assertThat(h2.frames.of("DATA")).isEmpty();
  }

  @Test
  void grpcStatusesFollowEnvoysMapping() {
    assertThat(GrpcReplies.status(LocalReply.of(LocalReply.Kind.UPSTREAM_CONNECT_FAILURE, "")))
        .isEqualTo(14);
    assertThat(GrpcReplies.status(LocalReply.of(LocalReply.Kind.NO_HEALTHY_UPSTREAM, "")))
        .isEqualTo(14);
    assertThat(GrpcReplies.status(LocalReply.of(LocalReply.Kind.OVERFLOW, ""))).isEqualTo(14);
    assertThat(GrpcReplies.status(LocalReply.of(LocalReply.Kind.TIMEOUT, ""))).isEqualTo(4);
    assertThat(GrpcReplies.status(LocalReply.of(LocalReply.Kind.NO_ROUTE, ""))).isEqualTo(12);
    assertThat(GrpcReplies.status(new LocalReply(LocalReply.Kind.DIRECT, 429, "", List.of())))
        .isEqualTo(14);
    assertThat(GrpcReplies.status(new LocalReply(LocalReply.Kind.DIRECT, 403, "", List.of())))
        .isEqualTo(7);
    assertThat(GrpcReplies.percentEncode("50% off\n\u00e9")).isEqualTo("50%25 off%0A%C3%A9");
  }

  @Test
  void aPlainRequestGetsAnHttpLocalReply() {
    onHeaders =
        c ->
            c.stream.sendLocalReply(
                LocalReply.of(LocalReply.Kind.NO_HEALTHY_UPSTREAM, "no healthy upstream\n"));
    connect();
    Http2FrameStream stream = h2.newStream();
    h2.send(new DefaultHttp2HeadersFrame(request("GET", "/x"), true).stream(stream));

    Http2Headers reply = (Http2Headers) h2.frames.of("HEADERS").get(0).payload();
    assertThat(reply.status().toString()).isEqualTo("503");
    assertThat(reply.get("content-type").toString()).startsWith("text/plain");
    assertThat(reply.getInt("content-length")).isEqualTo("no healthy upstream\n".length());
    List<EmbeddedHttp2.Seen> data = h2.frames.of("DATA");
    assertThat(data).hasSize(1);
    assertThat(data.get(0).payload()).isEqualTo("no healthy upstream\n");
    assertThat(data.get(0).endStream()).isTrue();
  }

  // ----- flow control -----

  @Test
  void requestCreditGoesBackOnlyWhenTheListenerConsumesIt() {
    connect();
    Http2FrameStream stream = h2.newStream();
    h2.send(new DefaultHttp2HeadersFrame(request("POST", "/"), false).stream(stream));
    int sent = 48 * 1024; // three quarters of the 64 KiB stream window
    for (int i = 0; i < 3; i++) {
      h2.send(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[sent / 3])).stream(stream));
    }
    Captured request = accepted.get(0);
    assertThat(request.received).isEqualTo(sent);
    assertThat(windowUpdatesFor(stream.id())).isZero();

    request.stream.consumed(sent);
    h2.exchange();

    assertThat(windowUpdatesFor(stream.id())).isEqualTo(sent);
  }

  private int windowUpdatesFor(int streamId) {
    return h2.frames.of("WINDOW_UPDATE").stream()
        .filter(s -> s.streamId() == streamId)
        .mapToInt(s -> (Integer) s.payload())
        .sum();
  }

  // ----- errors -----

  @Test
  void aProtocolErrorClosesTheConnectionWithGoawayAndIsCounted() {
    connect();
    assertThat(h2.server.isActive()).isTrue();
    // A DATA frame on stream 0 is a connection error (RFC 9113 §6.1).
    h2.rawToServer(Unpooled.wrappedBuffer(new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 42}));
    h2.server.runScheduledPendingTasks();
    h2.exchange();

    assertThat(h2.frames.of("GOAWAY")).hasSize(1);
    assertThat(h2.frames.of("GOAWAY").get(0).payload()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
    assertThat(h2.server.isOpen()).isFalse();
    assertThat(
            stats.set("protocol", "protocol", "Http2").counter("downstream_protocol_error").get())
        .isEqualTo(1);
  }

  /** A listener that keeps what it is given. */
  private final class Captured implements ServerStreamListener {
    final ServerStream stream;
    RequestHead head;
    final List<ByteBuf> data = new ArrayList<>();
    int received;
    HeaderMap trailers;
    ResetReason reset;

    Captured(ServerStream stream) {
      this.stream = stream;
    }

    @Override
    public void onHeaders(RequestHead head, boolean endStream) {
      this.head = head;
      onHeaders.accept(this);
    }

    @Override
    public void onData(ByteBuf chunk, boolean endStream) {
      received += chunk.readableBytes();
      data.add(chunk);
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
      this.trailers = trailers;
    }

    @Override
    public void onReset(ResetReason reason) {
      this.reset = reason;
    }

    @Override
    public void onWritabilityChanged(boolean writable) {}

    String body() {
      StringBuilder body = new StringBuilder();
      data.forEach(d -> body.append(d.toString(StandardCharsets.UTF_8)));
      return body.toString();
    }

    void release() {
      data.forEach(ByteBuf::release);
      data.clear();
    }
  }
}
