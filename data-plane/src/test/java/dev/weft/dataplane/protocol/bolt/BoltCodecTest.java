package dev.weft.dataplane.protocol.bolt;

import static dev.weft.dataplane.protocol.bolt.BoltWire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bolt v1/v2 frames decoded, rewritten and written, against the reference's captures. */
class BoltCodecTest {
  /** (wire) heartbeat request and ack, id 0x2a. */
  static final byte[] HEARTBEAT = hex("01 01 0000 01 0000002a 01 ffffffff 0000 0000 00000000");

  static final byte[] HEARTBEAT_ACK = hex("01 00 0000 01 0000002a 01 0000 0000 0000 00000000");

  /**
   * (wire) custom-serializer request: header, class, SOFA header map as captured; the 14 content
   * bytes stand in for the captured Hessian2 string.
   */
  static final byte[] SOFA_REQUEST =
      concat(
          hex("01 01 0001 01 00000001 01 00000bb8 0010 0045 0000000e"),
          "java.lang.String".getBytes(StandardCharsets.US_ASCII),
          hex("00000007"),
          ascii("service"),
          hex("00000015"),
          ascii("probe.EchoService:1.0"),
          hex("00000015"),
          ascii("sofa_head_method_name"),
          hex("00000004"),
          ascii("echo"),
          hex("0d"),
          ascii("hello, bolt!!"));

  private final BoltCodec v1 = BoltCodec.v1();
  private final BoltCodec v2 = BoltCodec.v2();
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void theHeartbeatCapturesDecodeAndTheCodecWritesThemByteForByte() {
    RpcFrame heartbeat = decode(v1, HEARTBEAT);
    try {
      assertThat(heartbeat.kind()).isEqualTo(RpcFrame.Kind.HEARTBEAT_REQUEST);
      assertThat(heartbeat.requestId()).isEqualTo(42);
      assertThat(heartbeat.timeout()).isEmpty();
      assertThat(bytes(v1.heartbeatResponse(heartbeat, alloc))).isEqualTo(HEARTBEAT_ACK);
    } finally {
      heartbeat.release();
    }
    assertThat(bytes(v1.heartbeatRequest(42, alloc))).isEqualTo(HEARTBEAT);

    RpcFrame ack = decode(v1, HEARTBEAT_ACK);
    try {
      assertThat(ack.kind()).isEqualTo(RpcFrame.Kind.HEARTBEAT_RESPONSE);
      assertThat(ack.requestId()).isEqualTo(42);
      assertThat(ack.httpStatus()).isEqualTo(200);
    } finally {
      ack.release();
    }
  }

  @Test
  void theSofaRequestCaptureExposesServiceMethodTimeoutAndClass() {
    assertThat(SOFA_REQUEST).hasSize(22 + 16 + 0x45 + 14);
    assertThat(v1.frameLength(Unpooled.wrappedBuffer(SOFA_REQUEST), 1 << 20))
        .isEqualTo(SOFA_REQUEST.length);
    BoltFrame frame = (BoltFrame) decode(v1, SOFA_REQUEST);
    try {
      assertThat(frame.kind()).isEqualTo(RpcFrame.Kind.REQUEST);
      assertThat(frame.requestId()).isEqualTo(1);
      assertThat(frame.timeout()).contains(Duration.ofMillis(3000));
      assertThat(frame.className()).isEqualTo("java.lang.String");
      assertThat(frame.codec()).isEqualTo(1);
      assertThat(frame.headers().get("service")).isEqualTo("probe.EchoService:1.0");
      assertThat(frame.headers().get("method")).isEqualTo("echo");
      assertThat(frame.headers().get("SERVICE")).isEqualTo("probe.EchoService:1.0");
      // What is on the wire, without the derived "method".
      assertThat(frame.headers().entries())
          .containsExactly(
              Map.entry("service", "probe.EchoService:1.0"),
              Map.entry("sofa_head_method_name", "echo"));
      assertThat(frame.content().toString(StandardCharsets.US_ASCII)).endsWith("hello, bolt!!");
    } finally {
      frame.release();
    }
  }

  @Test
  void aPlainBoltRequestHasNoServiceAndATargetServiceStandsInForIt() {
    RpcFrame plain = decode(v1, BoltWire.request(3).content("x").bytes());
    RpcFrame target =
        decode(v1, BoltWire.request(4).header("sofa_head_target_service", "a.B:1.0").bytes());
    try {
      assertThat(plain.headers().get("service")).isNull();
      assertThat(plain.headers().get("method")).isNull();
      assertThat(plain.headers().size()).isZero();
      assertThat(target.headers().get("service")).isEqualTo("a.B:1.0");
    } finally {
      plain.release();
      target.release();
    }
  }

  @Test
  void theTimeoutComesFromTheFrameAndOnlyWhenPositive() {
    assertThat(timeoutOf(BoltWire.request(1).timeout(250).bytes()))
        .contains(Duration.ofMillis(250));
    assertThat(timeoutOf(BoltWire.request(1).timeout(0).bytes())).isEmpty();
    assertThat(timeoutOf(BoltWire.request(1).timeout(-1).bytes())).isEmpty();
    assertThat(timeoutOf(BoltWire.request(1).timeout(-5000).bytes())).isEmpty();
  }

  @Test
  void kindsFollowTypeAndCommandCode() {
    assertThat(kindOf(v1, BoltWire.request(1).bytes())).isEqualTo(RpcFrame.Kind.REQUEST);
    assertThat(kindOf(v1, BoltWire.request(1).oneway().bytes()))
        .isEqualTo(RpcFrame.Kind.ONEWAY_REQUEST);
    assertThat(kindOf(v1, BoltWire.request(1).type(0).cmdCode(2).bytes()))
        .isEqualTo(RpcFrame.Kind.RESPONSE);
    assertThat(kindOf(v2, BoltWire.heartbeat(1).v2(true).bytes()))
        .isEqualTo(RpcFrame.Kind.HEARTBEAT_REQUEST);
    assertThat(kindOf(v1, BoltWire.heartbeat(1).oneway().bytes()))
        .isEqualTo(RpcFrame.Kind.OTHER_EVENT);
    assertThatThrownBy(() -> v1.frameLength(wrap(BoltWire.request(1).cmdCode(2).bytes()), 1000))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("type 1 with cmdcode 2");
    assertThatThrownBy(() -> v1.frameLength(wrap(BoltWire.request(1).cmdCode(7).bytes()), 1000))
        .isInstanceOf(RpcFrameException.class);
  }

  @Test
  void responsesMapTheirStatusToHttpAsMosnDoes() {
    int[][] expected = {
      {0x00, 200}, {0x04, 503}, {0x07, 504}, {0x10, 502}, {0x02, 500}, {0x06, 500}, {0x12, 500}
    };
    for (int[] pair : expected) {
      RpcFrame response =
          decode(v1, BoltWire.request(9).type(0).cmdCode(2).status(pair[0]).bytes());
      try {
        assertThat(response.httpStatus()).as("status %#x", pair[0]).isEqualTo(pair[1]);
      } finally {
        response.release();
      }
    }
  }

  @Test
  void rewritingTheIdChangesOnlyItsFourBytes() {
    byte[] original = SOFA_REQUEST;
    RpcFrame frame = decode(v1, original);
    try {
      frame.setRequestId(0x0a0b0c0d);
      byte[] wire = bytes(frame.encodeForWire());
      byte[] expected = original.clone();
      System.arraycopy(hex("0a0b0c0d"), 0, expected, 5, 4);
      assertThat(wire).isEqualTo(expected);
      assertThat(frame.requestId()).isEqualTo(0x0a0b0c0d);
    } finally {
      frame.release();
    }
  }

  @Test
  void aV2FrameKeepsAValidCrcAfterItsIdIsRewritten() {
    byte[] request =
        BoltWire.request(10000)
            .v2(true)
            .timeout(3000)
            .className("java.lang.String")
            .service("probe.EchoService:1.0", "echo")
            .content("hello")
            .bytes();
    assertThat(BoltWire.parse(request).crcValid()).isTrue();
    assertThat(v2.frameLength(wrap(request), 1 << 20)).isEqualTo(request.length);
    RpcFrame frame = decode(v2, request);
    try {
      assertThat(frame.requestId()).isEqualTo(10000);
      frame.setRequestId(7);
      BoltWire.Frame sent = BoltWire.parse(bytes(frame.encodeForWire()));
      assertThat(sent.id()).isEqualTo(7);
      assertThat(sent.crcPresent()).isTrue();
      assertThat(sent.crcValid()).isTrue();
      assertThat(sent.headers()).containsEntry("service", "probe.EchoService:1.0");
      assertThat(sent.text()).isEqualTo("hello");
    } finally {
      frame.release();
    }
  }

  @Test
  void aV2FrameWithoutTheCrcSwitchOrWithVer1OneHasNoTrailer() {
    byte[] switchOff = BoltWire.request(1).v2(false).content("abc").bytes();
    byte[] ver1One = BoltWire.request(1).version(2).ver1(1).switches(1).content("abc").bytes();
    assertThat(v2.frameLength(wrap(switchOff), 1000)).isEqualTo(24 + 3);
    assertThat(v2.frameLength(wrap(ver1One), 1000)).isEqualTo(24 + 3);
    RpcFrame frame = decode(v2, ver1One);
    try {
      frame.setRequestId(99);
      byte[] wire = bytes(frame.encodeForWire());
      assertThat(wire).hasSize(27);
      assertThat(BoltWire.parse(wire).id()).isEqualTo(99);
    } finally {
      frame.release();
    }
  }

  @Test
  void aCorruptedCrcIsABadFrame() {
    byte[] request = BoltWire.request(5).v2(true).content("payload").bytes();
    request[request.length - 5] ^= 1; // a content byte
    ByteBuf buf = wrap(request);
    assertThatThrownBy(() -> v2.decode(buf))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("CRC32");
    assertThat(buf.refCnt()).as("the caller still owns the bytes").isEqualTo(1);
    buf.release();
  }

  @Test
  void changedHeadersAreReEncodedWithNewLengthsAndCrcAndTheSameContent() {
    byte[] request =
        BoltWire.request(21)
            .v2(true)
            .className("java.lang.String")
            .service("probe.EchoService:1.0", "echo")
            .header("type", "sync")
            .content("the payload")
            .bytes();
    RpcFrame frame = decode(v2, request);
    try {
      frame.headers().set("x-weft", "routed");
      frame.headers().remove("type");
      frame.setRequestId(5);
      BoltWire.Frame sent = BoltWire.parse(bytes(frame.encodeForWire()));
      assertThat(sent.id()).isEqualTo(5);
      assertThat(sent.crcValid()).isTrue();
      assertThat(sent.className()).isEqualTo("java.lang.String");
      assertThat(sent.headers())
          .containsExactly(
              Map.entry("service", "probe.EchoService:1.0"),
              Map.entry("sofa_head_method_name", "echo"),
              Map.entry("x-weft", "routed"));
      assertThat(sent.text()).isEqualTo("the payload");
      // A second encoding (a retry) is the same.
      assertThat(BoltWire.parse(bytes(frame.encodeForWire())).headers()).isEqualTo(sent.headers());
    } finally {
      frame.release();
    }
  }

  @Test
  void unchangedHeadersAreNeverReEncoded() {
    RpcFrame frame = decode(v1, SOFA_REQUEST);
    try {
      assertThat(frame.headers().get("service")).isNotNull();
      assertThat(frame.headers().remove("absent")).isFalse();
      ByteBuf wire = frame.encodeForWire();
      try {
        // The same memory: a change to the frame shows in what is sent.
        int last = frame.bytes().writerIndex() - 1;
        frame.bytes().setByte(last, 0x5a);
        assertThat(wire.getByte(wire.writerIndex() - 1)).isEqualTo((byte) 0x5a);
      } finally {
        wire.release();
      }
    } finally {
      frame.release();
    }
  }

  @Test
  void aMalformedHeaderMapKeepsTheEntriesBeforeTheDamageAndSkipsNulls() {
    byte[] block =
        concat(
            BoltWire.headerBlock(Map.of("service", "a.B:1.0")),
            hex("ffffffff 00000001"),
            ascii("x"), // null key: skipped
            hex("00000001"),
            ascii("k"),
            hex("ffffffff"), // null value: skipped
            hex("00000003"),
            ascii("bad"),
            hex("00001000"), // longer than the block
            ascii("zz"));
    byte[] request = withHeaderBlock(block);
    RpcFrame frame = decode(v1, request);
    try {
      assertThat(frame.headers().entries()).containsExactly(Map.entry("service", "a.B:1.0"));
    } finally {
      frame.release();
    }
  }

  @Test
  void badBytesAreRejectedWithClearMessages() {
    assertThatThrownBy(() -> v1.frameLength(wrap(hex("47 45 54 20")), 1000))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("protocol code 0x47");
    assertThatThrownBy(() -> v1.frameLength(wrap(hex("01 09")), 1000))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("unknown type 9");
    assertThatThrownBy(() -> v2.frameLength(wrap(hex("02 07")), 1000))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("ver1=7");
    byte[] negativeClass = BoltWire.request(1).bytes();
    negativeClass[14] = (byte) 0x80;
    assertThatThrownBy(() -> v1.frameLength(wrap(negativeClass), 1000))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("negative length: class -32768");
    byte[] negativeContent = BoltWire.request(1).bytes();
    negativeContent[18] = (byte) 0xff;
    assertThatThrownBy(() -> v1.frameLength(wrap(negativeContent), 1000))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("negative length");
    byte[] big = BoltWire.request(1).content(new byte[1000]).bytes();
    assertThatThrownBy(() -> v1.frameLength(wrap(big), 1000))
        .isInstanceOf(RpcFrameException.class)
        .hasMessage("bolt frame of 1022 bytes exceeds the limit of 1000");
    assertThat(v1.frameLength(wrap(big), 1022)).isEqualTo(1022);
    // A header not yet complete: wait.
    assertThat(v1.frameLength(wrap(hex("01 01 0001 01")), 1000)).isEqualTo(-1);
    assertThat(v1.frameLength(wrap(new byte[0]), 1000)).isEqualTo(-1);
  }

  @Test
  void errorResponsesCarryTheStatusForEachReason() throws IOException {
    Map<LocalReply.Kind, Integer> expected =
        Map.of(
            LocalReply.Kind.OVERFLOW, 0x04,
            LocalReply.Kind.TIMEOUT, 0x07,
            LocalReply.Kind.UPSTREAM_RESET, 0x10,
            LocalReply.Kind.BAD_REQUEST, 0x09);
    RpcFrame request = decode(v1, SOFA_REQUEST);
    try {
      for (Map.Entry<LocalReply.Kind, Integer> entry : expected.entrySet()) {
        byte[] reply = bytes(v1.errorResponse(request, LocalReply.of(entry.getKey(), "x"), alloc));
        assertThat(ByteBufUtil.hexDump(reply))
            .as("%s", entry.getKey())
            .isEqualTo(
                "01000002010000000101"
                    + String.format("%04x", entry.getValue())
                    + "0000"
                    + "000000000000");
      }
      // A call with nowhere to go gets an exception whose message names the service.
      for (LocalReply.Kind kind :
          List.of(
              LocalReply.Kind.NO_ROUTE,
              LocalReply.Kind.NO_CLUSTER,
              LocalReply.Kind.NO_HEALTHY_UPSTREAM,
              LocalReply.Kind.UPSTREAM_CONNECT_FAILURE)) {
        byte[] reply =
            bytes(
                v1.errorResponse(
                    request, LocalReply.of(kind, "no route for service 'a.B:1.0'\n"), alloc));
        String className = "com.alipay.remoting.rpc.exception.RpcServerException";
        assertThat(ByteBufUtil.hexDump(reply, 0, 16))
            .as("%s", kind)
            .isEqualTo(
                "01000002010000000101"
                    + "0002"
                    + String.format("%04x", className.length())
                    + "0000");
        int contentStart = 20 + className.length();
        assertThat(reply.length - contentStart).isEqualTo(ByteBuffer.wrap(reply, 16, 4).getInt());
        assertThat(new String(reply, 20, className.length(), StandardCharsets.US_ASCII))
            .isEqualTo(className);
        // SOFA's own Hessian reads it; without bolt on the class path the object is a map.
        assertThat(
                SofaHessianExceptionTest.readWithSofaHessian(
                    Arrays.copyOfRange(reply, contentStart, reply.length)))
            .isEqualTo(Map.of("detailMessage", "no route for service 'a.B:1.0'"));
      }
      assertThat(statusOf(request, new LocalReply(LocalReply.Kind.DIRECT, 200, "", List.of())))
          .isEqualTo(0);
      assertThat(statusOf(request, new LocalReply(LocalReply.Kind.DIRECT, 503, "", List.of())))
          .isEqualTo(4);
      assertThat(statusOf(request, new LocalReply(LocalReply.Kind.DIRECT, 418, "", List.of())))
          .isEqualTo(3);
    } finally {
      request.release();
    }
  }

  @Test
  void aV2ErrorResponseKeepsTheRequestsVersionSwitchesAndCrc() {
    byte[] request = BoltWire.request(77).v2(true).codec(11).ver2(3).content("x").bytes();
    RpcFrame frame = decode(v2, request);
    try {
      BoltWire.Frame reply =
          BoltWire.parse(
              bytes(
                  v2.errorResponse(frame, LocalReply.of(LocalReply.Kind.TIMEOUT, "late"), alloc)));
      assertThat(reply.version()).isEqualTo(2);
      assertThat(reply.ver1()).isEqualTo(2);
      assertThat(reply.switches()).isEqualTo(1);
      assertThat(reply.type()).isEqualTo(BoltWire.TYPE_RESPONSE);
      assertThat(reply.cmdCode()).isEqualTo(BoltWire.CMD_RESPONSE);
      assertThat(reply.ver2()).isEqualTo(3);
      assertThat(reply.codec()).isEqualTo(11);
      assertThat(reply.id()).isEqualTo(77);
      assertThat(reply.status()).isEqualTo(0x07);
      assertThat(reply.crcPresent()).isTrue();
      assertThat(reply.crcValid()).isTrue();
      assertThat(reply.length()).isEqualTo(22 + 4);

      BoltWire.Frame ack = BoltWire.parse(bytes(v2.heartbeatResponse(frame, alloc)));
      assertThat(ack.cmdCode()).isEqualTo(BoltWire.CMD_HEARTBEAT);
      assertThat(ack.status()).isZero();
      assertThat(ack.crcValid()).isTrue();
    } finally {
      frame.release();
    }
    BoltWire.Frame heartbeat = BoltWire.parse(bytes(v2.heartbeatRequest(8, alloc)));
    assertThat(heartbeat.version()).isEqualTo(2);
    assertThat(heartbeat.ver1()).isEqualTo(1);
    assertThat(heartbeat.cmdCode()).isEqualTo(BoltWire.CMD_HEARTBEAT);
    assertThat(heartbeat.timeoutOrStatus()).isEqualTo(-1);
    assertThat(heartbeat.id()).isEqualTo(8);
    assertThat(heartbeat.crcPresent()).isFalse();
  }

  @Test
  void detectionNeedsTheMagicAPlausibleTypeAndCommandCode() {
    assertThat(v1.detect(wrap(HEARTBEAT))).isEqualTo(Detection.MATCH);
    assertThat(v1.detect(wrap(SOFA_REQUEST))).isEqualTo(Detection.MATCH);
    assertThat(v1.detect(wrap(hex("01")))).isEqualTo(Detection.NEED_MORE_DATA);
    assertThat(v1.detect(wrap(hex("01 01 00")))).isEqualTo(Detection.NEED_MORE_DATA);
    assertThat(v1.detect(wrap(hex("01 05")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v1.detect(wrap(hex("01 01 0002")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v1.detect(wrap(hex("01 01 0064")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v1.detect(wrap(ascii("GET / HTTP/1.1\r\n")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v1.detect(wrap(ascii("PRI * HTTP/2.0\r\n")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v1.detect(wrap(hex("dabb c2 00")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v1.detect(wrap(hex("16 03 01 02 00")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v2.detect(wrap(HEARTBEAT))).isEqualTo(Detection.NO_MATCH);

    byte[] v2Request = BoltWire.request(1).v2(true).bytes();
    assertThat(v2.detect(wrap(v2Request))).isEqualTo(Detection.MATCH);
    assertThat(v1.detect(wrap(v2Request))).isEqualTo(Detection.NO_MATCH);
    assertThat(v2.detect(wrap(hex("02")))).isEqualTo(Detection.NEED_MORE_DATA);
    assertThat(v2.detect(wrap(hex("02 03")))).isEqualTo(Detection.NO_MATCH);
    assertThat(v2.detect(wrap(hex("02 02 07")))).isEqualTo(Detection.NO_MATCH);
  }

  @Test
  void theCodecsNameIntervalAndIdRange() {
    assertThat(v1.name()).isEqualTo("bolt");
    assertThat(v2.name()).isEqualTo("boltv2");
    assertThat(v1.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(BoltCodec.v2(Duration.ofMillis(50)).heartbeatInterval())
        .isEqualTo(Duration.ofMillis(50));
    assertThat(v1.maxRequestId()).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> BoltCodec.v1(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ----- helpers -----

  private Optional<Duration> timeoutOf(byte[] bytes) {
    RpcFrame frame = decode(v1, bytes);
    try {
      return frame.timeout();
    } finally {
      frame.release();
    }
  }

  private static RpcFrame.Kind kindOf(BoltCodec codec, byte[] bytes) {
    RpcFrame frame = decode(codec, bytes);
    try {
      return frame.kind();
    } finally {
      frame.release();
    }
  }

  private int statusOf(RpcFrame request, LocalReply reply) {
    return BoltWire.parse(bytes(v1.errorResponse(request, reply, alloc))).status();
  }

  private static byte[] withHeaderBlock(byte[] block) {
    byte[] request = BoltWire.request(1).bytes();
    byte[] frame = concat(request, block);
    frame[16] = (byte) (block.length >> 8);
    frame[17] = (byte) block.length;
    return frame;
  }

  static RpcFrame decode(BoltCodec codec, byte[] bytes) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    try {
      return codec.decode(buf);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  static ByteBuf wrap(byte[] bytes) {
    return Unpooled.wrappedBuffer(bytes);
  }

  /** The bytes of {@code buf}, which is released. */
  static byte[] bytes(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    List<Byte> all = new ArrayList<>();
    for (byte[] part : parts) {
      for (byte b : part) {
        all.add(b);
      }
    }
    byte[] out = new byte[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }
}
