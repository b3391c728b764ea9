package dev.weft.dataplane.protocol.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Mutated HTTP/1 input (seeded, so every run is the same): the decoder never lets an exception
 * escape and keeps no buffer it is done with; on a connection, malformed input gets an error
 * response and closes that connection only, well-formed input keeps it open, and nothing leaks.
 */
class Http1FuzzTest {
  private static final long SEED = 0x5EED_CAFEL;
  private static final Pattern ERROR_STATUS = Pattern.compile("HTTP/1\\.1 (4\\d\\d|505) ");

  private final Random random = new Random(SEED);
  private final Mutator mutator = new Mutator(random);

  private static List<byte[]> corpus(boolean requests) {
    List<byte[]> corpus = new ArrayList<>();
    if (requests) {
      Http1Corpus.requests().forEach(wire -> corpus.add(bytes(wire)));
    } else {
      Http1Corpus.responses()
          .map(Arguments::get)
          .forEach(args -> corpus.add(bytes((String) args[0])));
    }
    return corpus;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void theRequestDecoderSurvivesMutatedInput() {
    List<byte[]> corpus = corpus(true);
    for (int i = 0; i < 3000; i++) {
      decode(mutator.mutate(corpus.get(random.nextInt(corpus.size()))), true);
    }
  }

  @Test
  void theResponseDecoderSurvivesMutatedInput() {
    List<byte[]> corpus = corpus(false);
    for (int i = 0; i < 3000; i++) {
      decode(mutator.mutate(corpus.get(random.nextInt(corpus.size()))), false);
    }
  }

  @Test
  void aConnectionGivenMutatedRequestsAnswersOrClosesAloneAndLeaksNothing() {
    List<byte[]> corpus = corpus(true);
    try (ServerFixture bystander = new ServerFixture(options())) {
      bystander.onRequestEnd = Http1FuzzTest::reply;
      for (int i = 0; i < 1500; i++) {
        byte[] input = mutator.mutate(corpus.get(random.nextInt(corpus.size())));
        serve(input, decode(input, true));
        if (i % 100 == 0) {
          bystander.send("GET /still-here HTTP/1.1\r\n\r\n");
          assertThat(bystander.written()).startsWith("HTTP/1.1 200 OK");
        }
      }
      assertThat(bystander.channel.isOpen()).isTrue();
    }
  }

  @Test
  void anUpstreamConnectionGivenMutatedResponsesEndsOrResetsItsStreamAndLeaksNothing() {
    List<byte[]> corpus = corpus(false);
    for (int i = 0; i < 1500; i++) {
      byte[] input = mutator.mutate(corpus.get(random.nextInt(corpus.size())));
      EmbeddedChannel channel = new EmbeddedChannel();
      ClientConnection connection =
          new Http1Protocol()
              .installClient(
                  channel,
                  new ClientContext(new NoPool(), options(), new Flusher(channel.eventLoop()), 0));
      Outcome outcome = new Outcome();
      String method = random.nextInt(4) == 0 ? "HEAD" : "GET";
      connection
          .newStream(outcome)
          .sendHeaders(Http1TestHeads.request(method + " / HTTP/1.1\r\n\r\n"), true);
      List<ByteBuf> fed = new ArrayList<>();
      for (byte[] piece : mutator.split(input)) {
        if (!channel.isOpen()) {
          break;
        }
        ByteBuf buf = Unpooled.directBuffer(Math.max(1, piece.length)).writeBytes(piece);
        fed.add(buf);
        channel.writeInbound(buf);
      }
      channel.close();
      channel.finishAndReleaseAll();

      String what = new String(input, StandardCharsets.ISO_8859_1);
      assertThat(outcome.ended ^ outcome.reset).as("one ending for %s", what).isTrue();
      for (ByteBuf buf : fed) {
        assertThat(buf.refCnt()).as("input buffer released").isZero();
      }
    }
  }

  private static ProtocolOptions options() {
    return new ProtocolOptions(Transcript.MAX_FIELDS, Transcript.MAX_LINE, 100, 65_535);
  }

  private static void reply(ServerFixture.Exchange exchange) {
    exchange.stream.sendLocalReply(LocalReply.of(LocalReply.Kind.DIRECT, "ok"));
  }

  /** Serves {@code input} on a connection of its own and checks how the connection ended up. */
  private void serve(byte[] input, boolean malformed) {
    List<ByteBuf> fed = new ArrayList<>();
    String written;
    boolean open;
    ServerFixture server = new ServerFixture(options());
    try {
      server.onRequestEnd = Http1FuzzTest::reply;
      for (byte[] piece : mutator.split(input)) {
        if (!server.channel.isOpen()) {
          break; // closed by what came before: the peer's later bytes go nowhere
        }
        ByteBuf buf = Unpooled.directBuffer(Math.max(1, piece.length)).writeBytes(piece);
        fed.add(buf);
        server.send(buf);
      }
      written = server.written();
      open = server.channel.isOpen();
      boolean asked = server.exchanges.stream().anyMatch(e -> !((Http1Message) e.head).keepAlive());
      String what = new String(input, StandardCharsets.ISO_8859_1);
      boolean rejected = ERROR_STATUS.matcher(written).find();
      // Malformed input closes the connection (after an error response, unless an earlier
      // request had the connection close first); only malformed input gets an error response.
      assertThat(open && malformed).as("open after %s", what).isFalse();
      assertThat(rejected && !malformed && !written.contains("HTTP/1.1 417 "))
          .as("error response to %s", what)
          .isFalse();
      if (!open) {
        // Closed because of an error, or because a request asked for it.
        assertThat(rejected || asked).as("closed by %s", what).isTrue();
      }
    } finally {
      server.close();
    }
    for (ByteBuf buf : fed) {
      assertThat(buf.refCnt()).as("input buffer released").isZero();
    }
  }

  /** Runs Weft's decoder alone on {@code input}; returns whether it rejected it. */
  private boolean decode(byte[] input, boolean requests) {
    Checker checker = new Checker();
    Http1Decoder decoder =
        requests
            ? Http1Decoder.forRequests(checker, options())
            : Http1Decoder.forResponses(checker, Transcript.MAX_LINE, Transcript.MAX_FIELDS);
    for (int i = 0; !requests && i < 4; i++) {
      decoder.expectResponse(random.nextInt(4) == 0);
    }
    for (byte[] piece : mutator.split(input)) {
      ByteBuf buf = Unpooled.wrappedBuffer(piece);
      decoder.feed(buf);
      assertThat(piece.length == 0 || buf.refCnt() == 0).as("buffer released").isTrue();
    }
    if (!requests) {
      decoder.inputClosed();
    }
    decoder.release();
    return checker.failed;
  }

  /** How a response stream ended: completely, or reset (never both, never twice). */
  private static final class Outcome implements ClientStreamListener {
    boolean ended;
    boolean reset;

    @Override
    public void onHeaders(ResponseHead head, boolean endStream) {
      end(endStream);
    }

    @Override
    public void onData(ByteBuf data, boolean endStream) {
      data.release();
      end(endStream);
    }

    @Override
    public void onTrailers(HeaderMap trailers) {
      end(true);
    }

    private void end(boolean end) {
      assertThat(ended || reset).as("events after the end").isFalse();
      ended = end;
    }

    @Override
    public void onReset(ResetReason reason) {
      assertThat(ended || reset).as("reset after the end").isFalse();
      reset = true;
    }

    @Override
    public void onWritabilityChanged(boolean writable) {}
  }

  private static final class NoPool implements ClientConnectionListener {
    @Override
    public void onStreamEnded(ClientConnection connection) {}

    @Override
    public void onClosed(ClientConnection connection) {}

    @Override
    public void onDraining(ClientConnection connection) {}
  }

  /** A sink that checks the order of events and releases what it gets. */
  private static final class Checker implements Http1Decoder.Sink {
    boolean failed;
    boolean inMessage;

    @Override
    public boolean readyForMessage() {
      return true;
    }

    @Override
    public void head(Http1Message head, boolean last) {
      assertThat(failed || inMessage).as("head after failure or inside a message").isFalse();
      // A parsed head answers every accessor the proxy uses.
      head.fields.forEach((name, value) -> assertThat(name).isNotEmpty());
      if (head instanceof Http1RequestHead) {
        Http1RequestHead request = (Http1RequestHead) head;
        assertThat(request.method() + request.path() + request.authority()).isNotNull();
      }
      inMessage = !last;
    }

    @Override
    public void content(ByteBuf data, boolean last) {
      assertThat(inMessage && !failed).as("content outside a message").isTrue();
      data.release();
      inMessage = !last;
    }

    @Override
    public void trailers(Http1Fields trailers) {
      assertThat(inMessage && !failed).as("trailers outside a message").isTrue();
      inMessage = false;
    }

    @Override
    public void failed(Http1ParseException cause) {
      assertThat(failed).as("failed twice").isFalse();
      assertThat(cause.status()).isIn(400, 414, 431, 505);
      failed = true;
    }
  }
}
