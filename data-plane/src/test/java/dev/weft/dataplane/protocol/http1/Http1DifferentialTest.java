package dev.weft.dataplane.protocol.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weft's HTTP/1 decoder against Netty's on the same bytes: for well-formed requests and responses
 * of many shapes, split at every byte boundary, both must see the same messages (start line, fields
 * in order, body bytes, trailers); for malformed input both must reject it, with the same status.
 * Where Weft deliberately parses differently, the case says so and why.
 */
class Http1DifferentialTest {

  // ----- well-formed input -----

  @ParameterizedTest
  @MethodSource("dev.weft.dataplane.protocol.http1.Http1Corpus#requests")
  void wellFormedRequestsDecodeAlikeHoweverSplit(String wire) {
    assertAgreeAtEverySplit(wire, true, List.of());
  }

  @ParameterizedTest
  @MethodSource("dev.weft.dataplane.protocol.http1.Http1Corpus#responses")
  void wellFormedResponsesDecodeAlikeHoweverSplit(String wire, List<String> methods) {
    assertAgreeAtEverySplit(wire, false, methods);
  }

  private static void assertAgreeAtEverySplit(String wire, boolean requests, List<String> methods) {
    byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
    String expected = Transcript.netty(List.of(bytes), requests, methods);
    assertThat(expected).doesNotContain("FAIL");
    for (List<byte[]> pieces : splits(bytes)) {
      if (nettyToo(pieces, bytes)) {
        assertThat(Transcript.netty(pieces, requests, methods))
            .as("Netty, split %s", sizes(pieces))
            .isEqualTo(expected);
      }
      assertThat(Transcript.weft(pieces, requests, methods))
          .as("split %s", sizes(pieces))
          .isEqualTo(expected);
    }
  }

  /** Netty runs on every split in two of inputs up to 1 KiB (it is much slower to set up). */
  private static boolean nettyToo(List<byte[]> pieces, byte[] bytes) {
    return pieces.size() == 2 && bytes.length <= 1024;
  }

  @Test
  void linesExactlyAtTheLimitsPassHoweverSplit() {
    String[] atLimits = {
      "GET /" + "x".repeat(Transcript.MAX_LINE - 14) + " HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\nX: " + "v".repeat(Transcript.MAX_FIELDS - 3) + "\r\n\r\n"
    };
    for (String wire : atLimits) {
      byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
      String expected = Transcript.netty(List.of(bytes), true, List.of());
      assertThat(expected).doesNotContain("FAIL");
      // Netty counts a CR that arrived without its LF against the limit, so it rejects these when
      // a read ends between the two; Weft's verdict does not depend on how the bytes arrive.
      for (List<byte[]> pieces : splits(bytes)) {
        assertThat(Transcript.weft(pieces, true, List.of()))
            .as("split %s", sizes(pieces))
            .isEqualTo(expected);
      }
    }
  }

  // ----- malformed input -----

  /** Malformed requests both decoders reject, with the same status (and what came before). */
  static Stream<String> rejectedByBoth() {
    return Stream.of(
        "GET / HTTP/1.1\nHost: a\n\n", // bare LF
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", // bare CR
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n", // whitespace before the colon
        "GET / HTTP/1.1\r\nH(st: a\r\n\r\n",
        "GET / HTTP/1.1\r\nX-\u00e9: 1\r\n\r\n",
        "GET / HTTP/1.1\r\n\tX: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u000bb\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u007fb\r\n\r\n",
        "GET / HTTP/1.1\r\n: a\r\n\r\n",
        "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
        "G@T / HTTP/1.1\r\n\r\n",
        "GET /a b HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET /\r\n\r\n",
        "GET / HTTP/01.1\r\n\r\n",
        "GET / HTTP/1.10\r\n\r\n",
        "GET / HTTPS/1.1\r\n\r\n",
        " \r\nGET / HTTP/1.1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: banana\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\nabc",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\nabc",
        "POST / HTTP/1.1\r\nContent-Length: \r\n\r\nabc",
        "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\nabc",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\nabcd",
        "POST / HTTP/1.1\r\nContent-Length: 3,\r\n\r\nabc",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nabc",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        chunked("3\r\nabcXX0\r\n\r\n"), // data not followed by CRLF
        chunked("3\nabc\r\n0\r\n\r\n"),
        chunked("3 \r\nabc\r\n0\r\n\r\n"),
        chunked("0x3\r\nabc\r\n0\r\n\r\n"),
        chunked("-3\r\nabc\r\n0\r\n\r\n"),
        chunked("\r\n"),
        chunked("80000000\r\nabc"),
        chunked("ffffffffffffffffff\r\nabc"),
        chunked("3;a\rb\r\nabc\r\n0\r\n\r\n"),
        chunked("3;a=\"x\r\n\"\r\nabc\r\n0\r\n\r\n"),
        chunked("3\r\nabc\r\n0\r\nX-T: 1\nY: 2\r\n\r\n"),
        chunked("3\r\nabc\r\n0\r\nX : 1\r\n\r\n"),
        chunked("3\r\nabc\r\n0\r\nX: \u0001\r\n\r\n"),
        chunked("3\r\nabc\r\n0\r\nX-Big: " + "t".repeat(Transcript.MAX_FIELDS) + "\r\n\r\n"),
        "GET /" + "x".repeat(Transcript.MAX_LINE - 13) + " HTTP/1.1\r\n\r\n", // 414
        "GET /" + "x".repeat(10 * Transcript.MAX_LINE), // 414 before any line end
        "GET / HTTP/1.1\r\nX: " + "v".repeat(Transcript.MAX_FIELDS - 2) + "\r\n\r\n", // 431
        "GET / HTTP/1.1\r\n" + Http1Corpus.many(40), // 431 before the empty line
        "GET / HTTP/1.1\r\nX: " + "v".repeat(10 * Transcript.MAX_FIELDS));
  }

  private static String chunked(String body) {
    return "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
  }

  @ParameterizedTest
  @MethodSource("rejectedByBoth")
  void malformedRequestsAreRejectedByBothHoweverSplit(String wire) {
    byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
    String expected = Transcript.netty(List.of(bytes), true, List.of());
    assertThat(expected).contains("FAIL");
    for (List<byte[]> pieces : splits(bytes)) {
      if (nettyToo(pieces, bytes)) {
        assertThat(Transcript.netty(pieces, true, List.of()))
            .as("Netty, split %s", sizes(pieces))
            .isEqualTo(expected);
      }
      assertThat(Transcript.weft(pieces, true, List.of()))
          .as("split %s", sizes(pieces))
          .isEqualTo(expected);
    }
  }

  static Stream<Arguments> rejectedByBothResponses() {
    return Stream.of(
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc"),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"),
        Arguments.of("HTTP/1.1 abc OK\r\n\r\n"),
        Arguments.of("HTTP/1.1 200 OK\nContent-Length: 0\n\n"),
        Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX: a\u0000\r\n\r\n"),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Le")); // closed in the middle of the head
  }

  @ParameterizedTest
  @MethodSource("rejectedByBothResponses")
  void malformedResponsesAreRejectedByBoth(String wire) {
    byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
    String expected = Transcript.netty(List.of(bytes), false, List.of("GET"));
    assertThat(expected).contains("FAIL");
    for (List<byte[]> pieces : splits(bytes)) {
      assertThat(Transcript.weft(pieces, false, List.of("GET"))).isEqualTo(expected);
    }
  }

  /**
   * Deliberate differences: input Netty accepts and Weft rejects, each for a reason of RFC 9112 or
   * of request smuggling safety.
   */
  static Stream<Arguments> rejectedByWeftOnly() {
    return Stream.of(
        reason("GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n", "obs-fold: RFC 9112 §5.2 allows 400"),
        reason("GET / HTTP/1.2\r\n\r\n", "only HTTP/1.0 and 1.1: 505"),
        reason("GET / HTTP/2.0\r\n\r\n", "only HTTP/1.0 and 1.1: 505"),
        reason("GET / http/1.1\r\n\r\n", "HTTP-name is case-sensitive"),
        reason("GET  /  HTTP/1.1\r\n\r\n", "one SP between the parts of the request line"),
        reason("  GET / HTTP/1.1\r\n\r\n", "only empty lines may precede the request line"),
        reason("GET /\u0001 HTTP/1.1\r\n\r\n", "control characters in the request target"),
        reason("GET /\u007f HTTP/1.1\r\n\r\n", "control characters in the request target"),
        reason("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "two Hosts: RFC 9112 §3.2"),
        reason(
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            "codings other than chunked would be lost when re-chunking"),
        reason(
            "POST / HTTP/1.1\r\nTransfer-Encoding: ,chunked\r\n\r\n0\r\n\r\n",
            "exactly one chunked coding"));
  }

  private static Arguments reason(String wire, String why) {
    return Arguments.of(wire, why);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rejectedByWeftOnly")
  void someInputNettyAcceptsIsRejected(String wire, String why) {
    List<byte[]> bytes = List.of(wire.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(Transcript.netty(bytes, true, List.of())).doesNotContain("FAIL");
    assertThat(Transcript.weft(bytes, true, List.of())).as(why).startsWith("FAIL");
  }

  static Stream<Arguments> responsesRejectedByWeftOnly() {
    return Stream.of(
        reason("HTTP/1.1 2000 OK\r\n\r\n", "a status code is three digits"),
        reason("HTTP/1.1 20 OK\r\n\r\n", "a status code is three digits"),
        reason("HTTP/1.1 099 X\r\nContent-Length: 0\r\n\r\n", "status codes are 100 to 599"),
        reason("HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n", "status codes are 100 to 599"),
        reason("HTTP/1.1  200 OK\r\nContent-Length: 0\r\n\r\n", "one SP in the status line"),
        reason("HTTP/1.1 200 O\u007fK\r\nContent-Length: 0\r\n\r\n", "DEL in the reason"),
        reason(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nabc",
            "a coding other than chunked: Netty reads until the close"),
        reason(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
            "the proxy never asks upstreams to switch protocols"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("responsesRejectedByWeftOnly")
  void someResponsesNettyAcceptsAreRejected(String wire, String why) {
    List<byte[]> bytes = List.of(wire.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(Transcript.netty(bytes, false, List.of("GET"))).doesNotContain("FAIL");
    assertThat(Transcript.weft(bytes, false, List.of("GET"))).as(why).startsWith("FAIL");
  }

  @Test
  void repeatedEqualContentLengthsAreAcceptedAsOneWhereNettyRejectsThem() {
    for (String lengths :
        new String[] {"Content-Length: 3\r\nContent-Length: 3", "content-length: 3, 3"}) {
      List<byte[]> bytes =
          List.of(
              ("POST / HTTP/1.1\r\n" + lengths + "\r\nX: y\r\n\r\nabc")
                  .getBytes(StandardCharsets.ISO_8859_1));

      assertThat(Transcript.netty(bytes, true, List.of())).contains("FAIL 400");
      // RFC 9110 §8.6: replaced by a single field with that value.
      assertThat(Transcript.weft(bytes, true, List.of()))
          .isEqualTo("HEAD POST / HTTP/1.1\n  X: y\n  Content-Length: 3\nBODY abc\nEND\n");
    }
  }

  @Test
  void aChunkSizeLineTooLongIsABadRequestWhereNettyCallsItA414() {
    List<byte[]> bytes =
        List.of(
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;"
                    + "e".repeat(Transcript.MAX_LINE + 10)
                    + "\r\nabc\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    String head = "HEAD POST / HTTP/1.1\n  Transfer-Encoding: chunked\n";

    // Netty's line limit applies to chunk lines too and its error reads "URI too long".
    assertThat(Transcript.netty(bytes, true, List.of())).isEqualTo(head + "FAIL 414\n");
    assertThat(Transcript.weft(bytes, true, List.of())).isEqualTo(head + "FAIL 400\n");
  }

  @Test
  void bodylessResponsesKeepTheirTransferEncodingWhereNettyDropsIt() {
    List<byte[]> bytes =
        List.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(Transcript.netty(bytes, false, List.of("HEAD")))
        .isEqualTo("HEAD HTTP/1.1 200\nEND\n");
    // A response to HEAD carries the fields a GET would get (RFC 9110 §9.3.2): forwarded as is.
    assertThat(Transcript.weft(bytes, false, List.of("HEAD")))
        .isEqualTo("HEAD HTTP/1.1 200\n  Transfer-Encoding: chunked\nEND\n");
  }

  // ----- splits -----

  /** The whole input, every split in two, byte by byte, and a few seeded splits in three. */
  private static List<List<byte[]>> splits(byte[] bytes) {
    List<List<byte[]>> splits = new ArrayList<>();
    splits.add(List.of(bytes));
    for (int i = 1; i < bytes.length; i++) {
      splits.add(
          List.of(Arrays.copyOfRange(bytes, 0, i), Arrays.copyOfRange(bytes, i, bytes.length)));
    }
    List<byte[]> single = new ArrayList<>();
    for (byte b : bytes) {
      single.add(new byte[] {b});
    }
    splits.add(single);
    Random random = new Random(bytes.length);
    for (int n = 0; n < 10 && bytes.length > 2; n++) {
      int a = 1 + random.nextInt(bytes.length - 1);
      int b = 1 + random.nextInt(bytes.length - 1);
      int from = Math.min(a, b);
      int to = Math.max(a, b);
      splits.add(
          List.of(
              Arrays.copyOfRange(bytes, 0, from),
              Arrays.copyOfRange(bytes, from, to),
              Arrays.copyOfRange(bytes, to, bytes.length)));
    }
    return splits;
  }

  private static List<Integer> sizes(List<byte[]> pieces) {
    return pieces.stream().map(p -> p.length).toList();
  }
}
