package dev.weft.dataplane.protocol.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.TestHeads;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The downstream side of Weft's HTTP/1 codec on an embedded channel: bytes in, bytes out. */
class Http1ServerHandlerTest {
  private static final String NGINX_HEAD =
      "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 3\r\nConnection: keep-alive\r\n"
          + "X-B: 2\r\n\r\n";

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  @Test
  void aRequestBecomesAStreamWhoseBodyIsASliceOfTheBytesRead() {
    try (ServerFixture server = new ServerFixture()) {
      List<ByteBuf> parents = new ArrayList<>();
      server.onChunk = chunk -> parents.add(chunk.unwrap() == null ? chunk : chunk.unwrap());
      ByteBuf read =
          text(
              "POST /p?q=1 HTTP/1.1\r\nHost: svc:80\r\nContent-Length: 5\r\n"
                  + "Connection: keep-alive, X-Hop\r\nX-Hop: h\r\nX-A: 1\r\n\r\nhello");

      server.send(read);

      ServerFixture.Exchange exchange = server.last();
      assertThat(exchange.head.method()).isEqualTo("POST");
      assertThat(exchange.head.path()).isEqualTo("/p?q=1");
      assertThat(exchange.head.authority()).isEqualTo("svc:80");
      assertThat(exchange.head.headers().entries())
          .extracting(Map.Entry::getKey)
          .containsExactly("Host", "Content-Length", "X-A"); // hop-by-hop fields are gone
      assertThat(exchange.body).hasToString("hello");
      assertThat(exchange.ended).isTrue();
      assertThat(parents).containsExactly(read); // the buffer read, or a slice of it: not a copy
      assertThat(read.refCnt()).isZero();
    }
  }

  @Test
  void aParsedResponseIsWrittenBackFromItsBytesMinusHopByHopFields() {
    try (ServerFixture server = new ServerFixture()) {
      server.onRequestEnd =
          exchange -> {
            exchange.stream.sendHeaders(Http1TestHeads.response(NGINX_HEAD), false);
            exchange.stream.sendData(text("ok\n"), true);
          };

      server.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

      assertThat(server.written())
          .isEqualTo("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 3\r\nX-B: 2\r\n\r\nok\n");
      assertThat(server.channel.isOpen()).isTrue();
    }
  }

  @Test
  void changedFieldsAreLeftOutOrAppendedAndAnHttp10StatusLineBecomesHttp11() {
    try (ServerFixture server = new ServerFixture()) {
      server.onRequestEnd =
          exchange -> {
            ResponseHead head = Http1TestHeads.response(NGINX_HEAD.replace("1.1 200", "1.0 200"));
            head.headers().remove("server");
            head.headers().add("X-Added", "y");
            head.headers().set("x-b", "3");
            exchange.stream.sendHeaders(head, false);
            exchange.stream.sendData(text("ok\n"), true);
          };

      server.send("GET / HTTP/1.1\r\n\r\n");

      assertThat(server.written())
          .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-Added: y\r\nx-b: 3\r\n\r\nok\n");
    }
  }

  @Test
  void anUnsizedResponseIsChunkedWithItsTrailersAndItsPayloadsUncopied() {
    try (ServerFixture server = new ServerFixture()) {
      ByteBuf payload = text("world!");
      server.onRequestEnd =
          exchange -> {
            exchange.stream.sendHeaders(TestHeads.response(200, Map.of("x-h", "v")), false);
            exchange.stream.sendData(text("hello"), false);
            exchange.stream.sendData(text(""), false); // an empty chunk must not end the body
            exchange.stream.sendData(payload.retain(), false);
            exchange.stream.sendTrailers(Http1TestHeads.trailers("Grpc-Status: 0\r\n\r\n"));
          };

      server.send("POST /t HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

      List<ByteBuf> out = new ArrayList<>();
      for (Object msg; (msg = server.channel.readOutbound()) != null; ) {
        out.add((ByteBuf) msg);
      }
      assertThat(out).contains(payload);
      StringBuilder written = new StringBuilder();
      out.forEach(buf -> written.append(buf.toString(StandardCharsets.ISO_8859_1)));
      out.forEach(ByteBuf::release);
      payload.release();
      assertThat(written)
          .hasToString(
              "HTTP/1.1 200 OK\r\nx-h: v\r\ntransfer-encoding: chunked\r\n\r\n"
                  + "5\r\nhello\r\n6\r\nworld!\r\n0\r\nGrpc-Status: 0\r\n\r\n");
    }
  }

  @Test
  void aChunkedRequestArrivesWithItsTrailers() {
    try (ServerFixture server = new ServerFixture()) {
      server.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n");
      server.send("2\r\nde\r\n0\r\nX-Sum: 5\r\n\r\n");

      ServerFixture.Exchange exchange = server.last();
      assertThat(exchange.head.headers().get("transfer-encoding")).isEqualTo("chunked");
      assertThat(exchange.body).hasToString("abcde");
      assertThat(exchange.trailers.get("x-sum")).isEqualTo("5");
      assertThat(exchange.ended).isTrue();
    }
  }

  @Test
  void pipelinedRequestsWaitUnparsedUntilTheExchangeBeforeThemIsComplete() {
    try (ServerFixture server = new ServerFixture()) {
      server.send(
          "GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"
              + "GET /3 HTTP/1.1\r\n\r\n");
      assertThat(server.exchanges).hasSize(1);

      server.exchanges.get(0).stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, "a"));
      assertThat(server.exchanges).hasSize(2);
      assertThat(server.exchanges.get(1).body).hasToString("hi");

      // Answered as soon as complete: the rest is parsed in the same go.
      server.onRequestEnd =
          exchange -> exchange.stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, "c"));
      server.exchanges.get(1).stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, "b"));
      server.channel.runPendingTasks();

      assertThat(server.exchanges).extracting(e -> e.head.path()).containsExactly("/1", "/2", "/3");
      String written = server.written();
      assertThat(written.indexOf("\r\n\r\na")).isLessThan(written.indexOf("\r\n\r\nb"));
      assertThat(written.indexOf("\r\n\r\nb")).isLessThan(written.indexOf("\r\n\r\nc"));
    }
  }

  @Test
  void manyPipelinedBytesStopReadingUntilTheExchangeBeforeThemCompletes() {
    try (ServerFixture server = new ServerFixture()) {
      String next = "GET /next HTTP/1.1\r\nX-Pad: " + "p".repeat(500) + "\r\n\r\n";
      server.send("GET /first HTTP/1.1\r\n\r\n" + next.repeat(100));
      assertThat(server.channel.config().isAutoRead()).isTrue();
      server.send(next.repeat(100)); // over Http1ServerHandler.MAX_HELD_BYTES waiting
      assertThat(server.channel.config().isAutoRead()).isFalse();
      assertThat(server.exchanges).hasSize(1);

      server.onRequestEnd =
          exchange -> exchange.stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, ""));
      server.last().stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, ""));

      assertThat(server.exchanges).hasSize(201);
      assertThat(server.channel.config().isAutoRead()).isTrue();
      assertThat(server.written().split("HTTP/1.1 200 OK")).hasSize(202);
    }
  }

  @Test
  void expectContinueGetsAnInterimResponseAndOtherExpectations417() {
    try (ServerFixture server = new ServerFixture()) {
      server.send("PUT /e HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
      assertThat(server.written()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      assertThat(server.last().head.headers().contains("expect")).isFalse();
      server.send("ok");
      assertThat(server.last().body).hasToString("ok");
    }
    try (ServerFixture server = new ServerFixture()) {
      server.send("PUT /e HTTP/1.1\r\nContent-Length: 2\r\nExpect: teapot\r\n\r\nok");

      assertThat(server.written())
          .isEqualTo(
              "HTTP/1.1 417 Expectation Failed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      assertThat(server.exchanges).isEmpty();
      assertThat(server.channel.isOpen()).isFalse();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "GET / HTTP/1.1\\r\\nHost: a\\r\\n b\\r\\n\\r\\n|400 Bad Request",
        "POST / HTTP/1.1\\r\\nContent-Length: 1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400 Bad"
            + " Request",
        "GET / HTTP/2.0\\r\\n\\r\\n|505 HTTP Version Not Supported",
        "GET /LONG HTTP/1.1\\r\\n\\r\\n|414 Request-URI Too Long",
        "GET / HTTP/1.1\\r\\nX: BIG\\r\\n\\r\\n|431 Request Header Fields Too Large"
      })
  void badRequestsGetTheirStatusAndTheConnectionCloses(String wire, String status) {
    String request =
        wire.replace("\\r\\n", "\r\n")
            .replace("LONG", "l".repeat(300))
            .replace("BIG", "b".repeat(2000));
    try (ServerFixture server = new ServerFixture()) {
      server.send(request);

      String reason = status.substring(4);
      assertThat(server.written())
          .isEqualTo(
              "HTTP/1.1 "
                  + status
                  + "\r\ncontent-type: text/plain\r\ncontent-length: "
                  + (reason.length() + 1)
                  + "\r\nconnection: close\r\n\r\n"
                  + reason
                  + "\n");
      assertThat(server.exchanges).isEmpty();
      assertThat(server.channel.isOpen()).isFalse();
    }
  }

  @Test
  void aBrokenChunkResetsTheStreamAndGets400() {
    try (ServerFixture server = new ServerFixture()) {
      server.send("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX");

      assertThat(server.last().reset).isEqualTo(ResetReason.PROTOCOL_ERROR);
      assertThat(server.written()).startsWith("HTTP/1.1 400 Bad Request\r\n");
      assertThat(server.channel.isOpen()).isFalse();
    }
  }

  @Test
  void http10ClientsGetKeepAliveOnlyWhenTheyAskForIt() {
    try (ServerFixture server = new ServerFixture()) {
      server.onRequestEnd =
          exchange -> exchange.stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, "x"));

      server.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(server.written()).contains("\r\nconnection: keep-alive\r\n");
      assertThat(server.channel.isOpen()).isTrue();

      server.send("GET / HTTP/1.0\r\n\r\n");
      assertThat(server.written()).contains("\r\nconnection: close\r\n");
      assertThat(server.channel.isOpen()).isFalse();
    }
  }

  @Test
  void anHttp10ClientGetsAnUnsizedBodyDelimitedByTheClose() {
    try (ServerFixture server = new ServerFixture()) {
      server.onRequestEnd =
          exchange -> {
            exchange.stream.sendHeaders(TestHeads.response(200, Map.of()), false);
            exchange.stream.sendData(text("until the end"), true);
          };

      server.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

      assertThat(server.written())
          .isEqualTo("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nuntil the end");
      assertThat(server.channel.isOpen()).isFalse();
    }
  }

  @Test
  void aResponseToHeadHasNoBody() {
    try (ServerFixture server = new ServerFixture()) {
      server.onRequestEnd =
          exchange -> {
            exchange.stream.sendHeaders(Http1TestHeads.response(NGINX_HEAD), false);
            exchange.stream.sendData(text("ok\n"), true);
          };

      server.send("HEAD / HTTP/1.1\r\n\r\n");

      assertThat(server.written())
          .isEqualTo("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 3\r\nX-B: 2\r\n\r\n");
    }
  }

  @Test
  void answeringBeforeTheWholeRequestArrivedClosesTheConnection() {
    try (ServerFixture server = new ServerFixture()) {
      server.onChunk =
          chunk -> server.last().stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, ""));

      server.send("POST /big HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");

      assertThat(server.written())
          .isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      assertThat(server.channel.isOpen()).isFalse();
    }
  }

  @Test
  void losingTheConnectionMidRequestResetsTheStream() {
    try (ServerFixture server = new ServerFixture()) {
      server.send("POST /big HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");

      server.channel.close();

      assertThat(server.last().reset).isEqualTo(ResetReason.CONNECTION_TERMINATION);
    }
  }
}
