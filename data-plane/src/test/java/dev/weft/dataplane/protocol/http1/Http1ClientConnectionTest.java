package dev.weft.dataplane.protocol.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.TestHeads;
import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream side of Weft's HTTP/1 codec on an embedded channel. */
class Http1ClientConnectionTest {
  private static final String REQUEST =
      "GET /a?b=c HTTP/1.1\r\nHost: svc\r\nUser-Agent: wrk\r\nX-Trace: t1\r\n\r\n";

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<String> pool = new ArrayList<>();
  private final ClientConnection connection =
      new Http1Protocol()
          .installClient(
              channel,
              new ClientContext(
                  new ClientConnectionListener() {
                    @Override
                    public void onStreamEnded(ClientConnection c) {
                      pool.add("ended");
                    }

                    @Override
                    public void onClosed(ClientConnection c) {
                      pool.add("closed");
                    }

                    @Override
                    public void onDraining(ClientConnection c) {
                      pool.add("draining");
                    }
                  },
                  ServerFixture.OPTIONS,
                  new Flusher(channel.eventLoop()),
                  0));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private String written() {
    channel.runPendingTasks();
    StringBuilder out = new StringBuilder();
    for (Object msg; (msg = channel.readOutbound()) != null; ) {
      out.append(((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1));
      ((ByteBuf) msg).release();
    }
    return out.toString();
  }

  private void receive(String wire) {
    channel.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
    channel.runPendingTasks();
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  @Test
  void anUnchangedRequestIsForwardedByteForByte() {
    connection.newStream(new Response()).sendHeaders(Http1TestHeads.request(REQUEST), true);

    assertThat(written()).isEqualTo(REQUEST);
  }

  @Test
  void aChangedRequestKeepsTheRestOfItsBytes() {
    RequestHead head =
        Http1TestHeads.request(
            REQUEST.replace("1.1", "1.0").replace("\r\n\r\n", "\r\nTE: x\r\n\r\n"));
    head.setPath("/rewritten");
    head.setAuthority("other:8080");
    head.headers().remove("user-agent");
    head.headers().add("X-Added", "1");

    connection.newStream(new Response()).sendHeaders(head, true);

    assertThat(written())
        .isEqualTo(
            "GET /rewritten HTTP/1.1\r\nX-Trace: t1\r\nHost: other:8080\r\nX-Added: 1\r\n\r\n");
  }

  @Test
  void aHeadOfAnotherProtocolIsWrittenFromItsAccessorsAndItsUnsizedBodyChunked() {
    RequestHead head =
        TestHeads.request(
            "POST", "/up", Map.of(":authority", "svc", "x-one", "1", "connection", "x"));
    head.setAuthority("svc");
    ClientStream stream = connection.newStream(new Response());

    stream.sendHeaders(head, false);
    stream.sendData(text("abc"), false);
    stream.sendData(text("defgh"), true);

    String written = written();
    assertThat(written)
        .startsWith("POST /up HTTP/1.1\r\nhost: svc\r\n")
        .contains("x-one: 1\r\n")
        .doesNotContain("connection")
        .endsWith("transfer-encoding: chunked\r\n\r\n3\r\nabc\r\n5\r\ndefgh\r\n0\r\n\r\n");
  }

  @Test
  void aSizedRequestBodyAboveTheJoinLimitIsWrittenAsItCame() {
    int size = Http1Encoder.JOIN_LIMIT + 1;
    ByteBuf body = text("x".repeat(size));
    ClientStream stream = connection.newStream(new Response());

    stream.sendHeaders(
        Http1TestHeads.request("PUT /x HTTP/1.1\r\nContent-Length: " + size + "\r\n\r\n"), false);
    stream.sendData(body.retain(), true);

    channel.runPendingTasks();
    ByteBuf head = channel.readOutbound();
    ByteBuf data = channel.readOutbound();
    try {
      assertThat(data).isSameAs(body);
    } finally {
      head.release();
      data.release();
      body.release();
    }
  }

  @Test
  void aSmallSizedBodyGivenInTheSamePassJoinsItsHeadInOneBuffer() {
    ByteBuf body = text("hello");
    ClientStream stream = connection.newStream(new Response());

    stream.sendHeaders(
        Http1TestHeads.request("PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\n"), false);
    stream.sendData(body, true);

    channel.runPendingTasks();
    ByteBuf one = channel.readOutbound();
    try {
      assertThat(one.toString(StandardCharsets.US_ASCII))
          .isEqualTo("PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
      assertThat((Object) channel.readOutbound()).isNull();
      assertThat(body.refCnt()).isZero();
    } finally {
      one.release();
    }
  }

  @Test
  void aBodyOfExactlyTheJoinLimitJoinsItsHead() {
    int size = Http1Encoder.JOIN_LIMIT;
    String head = "PUT /x HTTP/1.1\r\nContent-Length: " + size + "\r\n\r\n";
    ClientStream stream = connection.newStream(new Response());

    stream.sendHeaders(Http1TestHeads.request(head), false);
    stream.sendData(text("y".repeat(size)), true);

    channel.runPendingTasks();
    ByteBuf one = channel.readOutbound();
    try {
      assertThat(one.toString(StandardCharsets.US_ASCII)).isEqualTo(head + "y".repeat(size));
      assertThat((Object) channel.readOutbound()).isNull();
    } finally {
      one.release();
    }
  }

  @Test
  void aHeldHeadIsWrittenAtTheEndOfThePassWhenItsBodyComesLater() {
    ClientStream stream = connection.newStream(new Response());

    stream.sendHeaders(
        Http1TestHeads.request("PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\n"), false);
    channel.runPendingTasks();
    assertThat(written()).isEqualTo("PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\n");

    stream.sendData(text("hello"), true);
    channel.runPendingTasks();
    assertThat(written()).isEqualTo("hello");
  }

  @Test
  void aResponseIsDecodedAndItsBodyIsASliceOfTheBytesRead() {
    Response response = new Response();
    connection.newStream(response).sendHeaders(Http1TestHeads.request(REQUEST), true);
    ByteBuf read =
        text("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nok\n");

    channel.writeInbound(read);

    assertThat(response.head.status()).isEqualTo(200);
    assertThat(response.body).hasToString("ok\n");
    assertThat(response.parents).containsExactly(read);
    assertThat(response.ended).isTrue();
    assertThat(pool).containsExactly("ended");
    assertThat(connection.canOpenStream()).isTrue();
  }

  @Test
  void aResponseToHeadHasNoBodyAndTheNextResponseFollows() {
    Response head = new Response();
    connection.newStream(head).sendHeaders(Http1TestHeads.request("HEAD / HTTP/1.1\r\n\r\n"), true);
    receive("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
    assertThat(head.ended).isTrue();

    Response get = new Response();
    connection.newStream(get).sendHeaders(Http1TestHeads.request(REQUEST), true);
    receive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    assertThat(get.body).hasToString("ok");
    assertThat(pool).containsExactly("ended", "ended");
  }

  @Test
  void interimResponsesAreSkippedAndTrailersEndTheResponse() {
    Response response = new Response();
    connection.newStream(response).sendHeaders(Http1TestHeads.request(REQUEST), true);

    receive(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "2\r\nab\r\n0\r\nGrpc-Status: 0\r\n\r\n");

    assertThat(response.head.status()).isEqualTo(200);
    assertThat(response.body).hasToString("ab");
    assertThat(response.trailers.get("grpc-status")).isEqualTo("0");
    assertThat(response.ended).isTrue();
  }

  @Test
  void aBodyDelimitedByTheCloseEndsWithItAndTheConnectionIsNotReused() {
    Response response = new Response();
    connection.newStream(response).sendHeaders(Http1TestHeads.request(REQUEST), true);

    receive("HTTP/1.1 200 OK\r\n\r\nuntil ");
    receive("the close");
    assertThat(response.ended).isFalse();
    channel.close();

    assertThat(response.body).hasToString("until the close");
    assertThat(response.ended).isTrue();
    assertThat(response.reset).isNull();
    assertThat(pool).containsExactly("closed");
  }

  @Test
  void connectionCloseFromTheUpstreamClosesTheConnectionAfterTheResponse() {
    Response response = new Response();
    connection.newStream(response).sendHeaders(Http1TestHeads.request(REQUEST), true);

    receive("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");

    assertThat(response.ended).isTrue();
    assertThat(channel.isOpen()).isFalse();
    assertThat(pool).containsExactly("closed");
  }

  @Test
  void aMalformedResponseResetsTheStreamWithAProtocolError() {
    Response response = new Response();
    connection.newStream(response).sendHeaders(Http1TestHeads.request(REQUEST), true);

    receive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc");

    assertThat(response.reset).isEqualTo(ResetReason.PROTOCOL_ERROR);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aConnectionLostMidBodyResetsTheStream() {
    Response response = new Response();
    connection.newStream(response).sendHeaders(Http1TestHeads.request(REQUEST), true);

    receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    channel.close();

    assertThat(response.reset).isEqualTo(ResetReason.CONNECTION_TERMINATION);
  }

  /** Records a response; body chunks are copied out and released. */
  private final class Response implements ClientStreamListener {
    ResponseHead head;
    final StringBuilder body = new StringBuilder();
    final List<ByteBuf> parents = new ArrayList<>();
    HeaderMap trailers;
    ResetReason reset;
    boolean ended;

    @Override
    public void onHeaders(ResponseHead head, boolean endStream) {
      this.head = head;
      ended = endStream;
    }

    @Override
    public void onData(ByteBuf data, boolean endStream) {
      parents.add(data.unwrap() == null ? data : data.unwrap());
      body.append(data.toString(StandardCharsets.ISO_8859_1));
      data.release();
      ended = endStream;
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
      this.trailers = trailers;
      ended = true;
    }

    @Override
    public void onReset(ResetReason reason) {
      reset = reason;
    }

    @Override
    public void onWritabilityChanged(boolean writable) {}
  }
}
