package dev.weft.dataplane.protocol.dubbo;

import static dev.weft.dataplane.protocol.dubbo.DubboTestFrames.frame;
import static dev.weft.dataplane.protocol.hessian.Hessian2ReaderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.hessian.Hessian2TestWriter;
import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The codec on single frames: the reference's wire bytes, kinds, headers, replies, limits. */
class DubboCodecTest {
  /** The request ID of the reference capture. */
  private static final long WIRE_ID = 0xd9c67befd743a47aL;

  private static final String SERVICE = "probe.GreetingService";

  private final DubboCodec codec = new DubboCodec();
  private final List<ByteBuf> toRelease = new ArrayList<>();

  @AfterEach
  void release() {
    toRelease.stream().filter(b -> b.refCnt() > 0).forEach(b -> b.release(b.refCnt()));
  }

  private ByteBuf buffer(byte[] bytes) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
    toRelease.add(buf);
    return buf;
  }

  private DubboFrame decode(byte[] bytes) {
    ByteBuf buf = buffer(bytes);
    assertThat(codec.frameLength(buf, 1 << 20)).isEqualTo(bytes.length);
    return (DubboFrame) codec.decode(buf);
  }

  private static byte[] bytesOf(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  private static byte[] body(byte[] frame) {
    return java.util.Arrays.copyOfRange(frame, 16, frame.length);
  }

  /** The reference's request: header bytes as captured, the body's fields as documented. */
  private static byte[] wireRequest() {
    Map<String, String> attachments = new java.util.LinkedHashMap<>();
    attachments.put("path", SERVICE);
    attachments.put("remote.application", "probe-consumer");
    attachments.put("interface", SERVICE);
    attachments.put("version", "1.0.0");
    attachments.put("timeout", "3000");
    byte[] body =
        DubboTestFrames.requestBody(
            SERVICE,
            "1.0.0",
            "sayHello",
            "Ljava/lang/String;",
            w -> w.string("dubbo"),
            attachments);
    return bytes(
        0xda,
        0xbb,
        0xc2,
        0x00,
        0xd9,
        0xc6,
        0x7b,
        0xef,
        0xd7,
        0x43,
        0xa4,
        0x7a,
        0,
        0,
        body.length >> 8,
        body.length & 0xff,
        body);
  }

  // ----- detection and framing -----

  @Test
  void detectsTheMagic() {
    assertThat(codec.detect(buffer(bytes(0xda, 0xbb)))).isEqualTo(Detection.MATCH);
    assertThat(codec.detect(buffer(wireRequest()))).isEqualTo(Detection.MATCH);
    assertThat(codec.detect(buffer(bytes(0xda)))).isEqualTo(Detection.NEED_MORE_DATA);
    assertThat(codec.detect(buffer(bytes()))).isEqualTo(Detection.NEED_MORE_DATA);
    assertThat(codec.detect(buffer(bytes(0xda, 0xbc)))).isEqualTo(Detection.NO_MATCH);
    assertThat(codec.detect(buffer(bytes("GET / HTTP/1.1\r\n")))).isEqualTo(Detection.NO_MATCH);
    assertThat(codec.detect(buffer(bytes(0x01, 0x00)))).isEqualTo(Detection.NO_MATCH);
  }

  @Test
  void frameLengthWaitsForTheHeaderThenTrustsOnlySaneLengths() {
    byte[] request = wireRequest();
    for (int i = 0; i < 16; i++) {
      ByteBuf part = buffer(java.util.Arrays.copyOf(request, i));
      assertThat(codec.frameLength(part, 1 << 20)).as("after %d bytes", i).isEqualTo(-1);
    }
    assertThat(codec.frameLength(buffer(java.util.Arrays.copyOf(request, 16)), 1 << 20))
        .isEqualTo(request.length);
    assertThat(codec.frameLength(buffer(request), request.length)).isEqualTo(request.length);

    assertThatThrownBy(() -> codec.frameLength(buffer(request), request.length - 1))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("over the limit");
    assertThatThrownBy(() -> codec.frameLength(buffer(bytes(0xdb)), 1 << 20))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> codec.frameLength(buffer(bytes(0xda, 0xba)), 1 << 20))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("magic");
    byte[] negative = frame(0xc2, 0, 1, new byte[0]);
    negative[12] = (byte) 0x80;
    assertThatThrownBy(() -> codec.frameLength(buffer(negative), 1 << 20))
        .isInstanceOf(RpcFrameException.class)
        .hasMessageContaining("negative");
    byte[] huge = frame(0xc2, 0, 1, new byte[0]);
    huge[12] = 0x7f;
    assertThatThrownBy(() -> codec.frameLength(buffer(huge), 8 << 20))
        .isInstanceOf(RpcFrameException.class);
  }

  @Test
  void decodeRefusesWhatIsNotOneWholeFrame() {
    byte[] request = wireRequest();
    ByteBuf shorter = buffer(java.util.Arrays.copyOf(request, request.length - 1));
    assertThatThrownBy(() -> codec.decode(shorter)).isInstanceOf(RpcFrameException.class);
    ByteBuf header = buffer(java.util.Arrays.copyOf(request, 12));
    assertThatThrownBy(() -> codec.decode(header)).isInstanceOf(RpcFrameException.class);
    assertThat(shorter.refCnt()).as("the caller still owns it").isEqualTo(1);
  }

  // ----- the reference's frames -----

  @Test
  void theReferenceRequestDecodesAsDocumented() {
    DubboFrame frame = decode(wireRequest());
    assertThat(frame.kind()).isEqualTo(RpcFrame.Kind.REQUEST);
    assertThat(frame.requestId()).isEqualTo(WIRE_ID).isNegative();
    assertThat(frame.serialization()).isEqualTo(2);
    assertThat(frame.headers().get("dubbo")).isEqualTo("2.0.2");
    assertThat(frame.headers().get("service")).isEqualTo(SERVICE);
    assertThat(frame.headers().get("version")).isEqualTo("1.0.0");
    assertThat(frame.headers().get("method")).isEqualTo("sayHello");
    assertThat(frame.headers().get("interface")).isEqualTo(SERVICE);
    assertThat(frame.headers().get("Remote.Application")).isEqualTo("probe-consumer");
    assertThat(frame.headers().get("group")).isNull();
    assertThat(frame.timeout()).isEmpty();
    assertThat(frame.headers().entries())
        .extracting(Map.Entry::getKey)
        .containsExactly(
            "dubbo",
            "service",
            "version",
            "method",
            "path",
            "remote.application",
            "interface",
            "timeout");
  }

  @Test
  void theReferenceResponseDecodesAsDocumented() {
    byte[] response =
        bytes(
            0xda,
            0xbb,
            0x02,
            0x14,
            0xd9,
            0xc6,
            0x7b,
            0xef,
            0xd7,
            0x43,
            0xa4,
            0x7a,
            0,
            0,
            0,
            0x1b,
            DubboTestFrames.valueResponseBody("Hello dubbo"));
    assertThat(response).hasSize(16 + 0x1b);
    DubboFrame frame = decode(response);
    assertThat(frame.kind()).isEqualTo(RpcFrame.Kind.RESPONSE);
    assertThat(frame.requestId()).isEqualTo(WIRE_ID);
    assertThat(frame.status()).isEqualTo(20);
    assertThat(frame.httpStatus()).isEqualTo(200);
    assertThat(frame.headers().size()).isZero();
    assertThat(DubboTestFrames.responseValue(body(response))).isEqualTo("Hello dubbo");
  }

  @Test
  void heartbeatsAreRecognisedAndAnsweredAsDubboDoes() {
    byte[] ping =
        bytes(
            0xda, 0xbb, 0xe2, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 1, 0x4e);
    DubboFrame frame = decode(ping);
    assertThat(frame.kind()).isEqualTo(RpcFrame.Kind.HEARTBEAT_REQUEST);
    assertThat(bytesOf(codec.heartbeatResponse(frame, ByteBufAllocator.DEFAULT)))
        .isEqualTo(
            bytes(
                0xda, 0xbb, 0x22, 0x14, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 1,
                0x4e));
    assertThat(bytesOf(codec.heartbeatRequest(7, ByteBufAllocator.DEFAULT)))
        .isEqualTo(bytes(0xda, 0xbb, 0xe2, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 0x4e));
    assertThat(decode(frame(0x22, 20, 7, new byte[] {'N'})).kind())
        .isEqualTo(RpcFrame.Kind.HEARTBEAT_RESPONSE);
    assertThat(decode(frame(0x22, 20, 7, new byte[] {'N', 'N'})).kind())
        .as("MOSN's answer")
        .isEqualTo(RpcFrame.Kind.HEARTBEAT_RESPONSE);
    // Another serialization's heartbeat is answered in that serialization with its own body.
    DubboFrame json = decode(frame(0xe6, 0, 9, bytes("null")));
    assertThat(json.kind()).isEqualTo(RpcFrame.Kind.HEARTBEAT_REQUEST);
    assertThat(bytesOf(codec.heartbeatResponse(json, ByteBufAllocator.DEFAULT)))
        .isEqualTo(frame(0x26, 20, 9, bytes("null")));
  }

  @Test
  void readonlyAndWriteableEventsAreOtherEvents() {
    DubboFrame readonly = decode(frame(0xa2, 0, 3, bytes(0x01, "R")));
    assertThat(readonly.kind()).isEqualTo(RpcFrame.Kind.OTHER_EVENT);
    assertThat(codec.drainsConnection(readonly)).isTrue();
    assertThat(codec.drainsConnection(decode(frame(0xe2, 0, 3, bytes('S', 0, 1, "R")))))
        .as("two-way, long string form")
        .isTrue();

    DubboFrame writeable = decode(frame(0xa2, 0, 4, bytes(0x01, "W")));
    assertThat(writeable.kind()).isEqualTo(RpcFrame.Kind.OTHER_EVENT);
    assertThat(codec.drainsConnection(writeable)).isFalse();
    assertThat(decode(frame(0xa2, 0, 5, bytes('N'))).kind())
        .as("a one-way heartbeat wants no answer")
        .isEqualTo(RpcFrame.Kind.OTHER_EVENT);
    assertThat(codec.drainsConnection(decode(frame(0xa2, 0, 6, bytes(0x02, "RR"))))).isFalse();
    assertThat(codec.drainsConnection(decode(frame(0x22, 20, 6, bytes(0x01, "R"))))).isFalse();
  }

  @Test
  void onewayRequestsHaveNoTwoWayBit() {
    byte[] body = DubboTestFrames.call(SERVICE, "notify", "x", Map.of());
    DubboFrame oneway = decode(frame(0x82, 0, 11, body));
    assertThat(oneway.kind()).isEqualTo(RpcFrame.Kind.ONEWAY_REQUEST);
    assertThat(oneway.headers().get("method")).isEqualTo("notify");
  }

  @Test
  void setRequestIdRewritesBytesFourToElevenInPlace() {
    byte[] original = wireRequest();
    DubboFrame frame = decode(original);
    ByteBuf bytes = frame.bytes();
    frame.setRequestId(Long.MIN_VALUE + 5);
    assertThat(frame.bytes()).isSameAs(bytes);
    assertThat(frame.requestId()).isEqualTo(Long.MIN_VALUE + 5);
    byte[] now = ByteBufUtil.getBytes(frame.bytes());
    for (int i = 0; i < original.length; i++) {
      if (i < 4 || i > 11) {
        assertThat(now[i]).as("byte %d", i).isEqualTo(original[i]);
      }
    }
    assertThat(java.util.Arrays.copyOfRange(now, 4, 12))
        .isEqualTo(bytes(0x80, 0, 0, 0, 0, 0, 0, 5));
    ByteBuf wire = frame.encodeForWire();
    bytes.setByte(bytes.readerIndex() + 20, 'x');
    assertThat(wire.getByte(wire.readerIndex() + 20)).as("the same memory").isEqualTo((byte) 'x');
    wire.release();
  }

  @Test
  void responseStatusesMapToHttpStatuses() {
    Map<Integer, Integer> expected =
        Map.ofEntries(
            Map.entry(20, 200),
            Map.entry(25, 500),
            Map.entry(30, 504),
            Map.entry(31, 504),
            Map.entry(35, 500),
            Map.entry(40, 400),
            Map.entry(50, 500),
            Map.entry(60, 404),
            Map.entry(70, 500),
            Map.entry(80, 500),
            Map.entry(90, 500),
            Map.entry(100, 503),
            Map.entry(0, 500),
            Map.entry(255, 500));
    expected.forEach(
        (status, http) ->
            assertThat(decode(frame(0x02, status, 1, bytes(0x01, "x"))).httpStatus())
                .as("status %d", status)
                .isEqualTo(http));
  }

  // ----- the sidecar's own answers -----

  @Test
  void localRepliesCarryTheChosenStatusAndAMessageNamingTheService() {
    Map<LocalReply.Kind, Integer> expected =
        Map.of(
            LocalReply.Kind.NO_ROUTE, 60,
            LocalReply.Kind.NO_CLUSTER, 60,
            LocalReply.Kind.NO_HEALTHY_UPSTREAM, 60,
            LocalReply.Kind.TIMEOUT, 31,
            LocalReply.Kind.OVERFLOW, 100,
            LocalReply.Kind.UPSTREAM_RESET, 70,
            LocalReply.Kind.UPSTREAM_CONNECT_FAILURE, 70,
            LocalReply.Kind.BAD_REQUEST, 40);
    DubboFrame request = decode(wireRequest());
    for (LocalReply.Kind kind : LocalReply.Kind.values()) {
      if (kind == LocalReply.Kind.DIRECT) {
        continue;
      }
      byte[] reply =
          bytesOf(
              codec.errorResponse(
                  request, LocalReply.of(kind, "it went wrong\n"), ByteBufAllocator.DEFAULT));
      assertThat(java.util.Arrays.copyOf(reply, 4))
          .as(kind.name())
          .isEqualTo(bytes(0xda, 0xbb, 0x02, expected.get(kind)));
      DubboFrame answer = decode(reply);
      assertThat(answer.kind()).isEqualTo(RpcFrame.Kind.RESPONSE);
      assertThat(answer.requestId()).isEqualTo(WIRE_ID);
      assertThat(DubboTestFrames.errorMessage(body(reply)))
          .isEqualTo("it went wrong (service " + SERVICE + ")");
    }
    byte[] noRoute =
        bytesOf(
            codec.errorResponse(
                request,
                LocalReply.of(LocalReply.Kind.NO_ROUTE, "no route for service '" + SERVICE + "'\n"),
                ByteBufAllocator.DEFAULT));
    assertThat(DubboTestFrames.errorMessage(body(noRoute)))
        .isEqualTo("no route for service '" + SERVICE + "'");
  }

  @Test
  void directResponsesAreAValueOrAnError() {
    DubboFrame request = decode(wireRequest());
    byte[] ok =
        bytesOf(
            codec.errorResponse(
                request,
                new LocalReply(LocalReply.Kind.DIRECT, 200, "mocked", List.of()),
                ByteBufAllocator.DEFAULT));
    assertThat(ok[3]).isEqualTo((byte) 20);
    assertThat(DubboTestFrames.responseValue(body(ok))).isEqualTo("mocked");
    byte[] denied =
        bytesOf(
            codec.errorResponse(
                request,
                new LocalReply(LocalReply.Kind.DIRECT, 403, "", List.of()),
                ByteBufAllocator.DEFAULT));
    assertThat(denied[3]).isEqualTo((byte) 40);
    assertThat(DubboTestFrames.errorMessage(body(denied)))
        .isEqualTo("direct (service " + SERVICE + ")");
  }

  @Test
  void longErrorMessagesAreChunked() {
    DubboFrame request = decode(wireRequest());
    String message = "é".repeat(70_000) + SERVICE;
    byte[] reply =
        bytesOf(
            codec.errorResponse(
                request,
                LocalReply.of(LocalReply.Kind.UPSTREAM_RESET, message),
                ByteBufAllocator.DEFAULT));
    assertThat(reply[16]).isEqualTo((byte) 'R');
    assertThat(DubboTestFrames.errorMessage(body(reply))).isEqualTo(message);
  }

  // ----- headers -----

  @Test
  void versionFallsBackToTheAttachmentWhenTheFieldIsEmpty() {
    byte[] body =
        DubboTestFrames.requestBody(
            SERVICE, "", "sayHello", "", w -> {}, Map.of("version", "2.0.0", "group", "g"));
    DubboFrame frame = decode(frame(0xc2, 0, 1, body));
    assertThat(frame.headers().get("version")).isEqualTo("2.0.0");
    assertThat(frame.headers().get("group")).isEqualTo("g");

    byte[] both =
        DubboTestFrames.requestBody(
            SERVICE, "1.0.0", "sayHello", "", w -> {}, Map.of("version", "2.0.0"));
    assertThat(decode(frame(0xc2, 0, 2, both)).headers().getAll("version"))
        .containsExactly("1.0.0");
  }

  @Test
  void leadingFieldsNeedNoArgumentsAndBrokenArgumentsOnlyHideAttachments() {
    Hessian2TestWriter w = new Hessian2TestWriter();
    w.string("2.0.2").string(SERVICE).string("1.0.0").string("sayHello").string("I");
    w.raw(0x40); // not a hessian2 value
    w.stringMap(Map.of("group", "g"));
    DubboFrame frame = decode(frame(0xc2, 0, 1, w.toByteArray()));
    assertThat(frame.headers().get("service")).isEqualTo(SERVICE);
    assertThat(frame.headers().get("method")).isEqualTo("sayHello");
    assertThat(frame.headers().get("group")).isNull();
    assertThat(frame.headers().size()).isEqualTo(4);

    DubboFrame garbage = decode(frame(0xc2, 0, 2, bytes(0x90, 0x91)));
    assertThat(garbage.headers().get("service")).isNull();
    assertThat(garbage.headers().size()).isZero();
  }

  @Test
  void onlyHessian2RequestsHaveHeaders() {
    byte[] hessianBody = DubboTestFrames.call(SERVICE, "sayHello", "x", Map.of());
    DubboFrame json = decode(frame(0xc0 | 23, 0, 1, hessianBody)); // fastjson2 flag
    assertThat(json.kind()).isEqualTo(RpcFrame.Kind.REQUEST);
    assertThat(json.headers().size()).isZero();
    assertThat(json.headers().get("service")).isNull();
    byte[] reply =
        bytesOf(
            codec.errorResponse(
                json,
                LocalReply.of(LocalReply.Kind.NO_ROUTE, "no route for dubbo request\n"),
                ByteBufAllocator.DEFAULT));
    assertThat(reply[2]).as("hessian2, which every consumer reads").isEqualTo((byte) 0x02);
    assertThat(reply[3]).isEqualTo((byte) 60);
    assertThat(DubboTestFrames.errorMessage(body(reply)))
        .startsWith("no route for dubbo request (serialization 23: only hessian2");
  }

  @Test
  void headerChangesStayInTheViewAndLeaveTheBytesAlone() {
    byte[] original = frame(0xc2, 0, 1, DubboTestFrames.call(SERVICE, "m", "x", Map.of()));
    DubboFrame frame = decode(original);
    frame.headers().set("group", "gold");
    frame.headers().add("x-extra", "1");
    frame.headers().remove("timeout");
    assertThat(frame.headers().get("group")).isEqualTo("gold");
    assertThat(frame.headers().get("x-extra")).isEqualTo("1");
    assertThat(frame.headers().contains("timeout")).isFalse();
    assertThat(frame.headers().get("service")).isEqualTo(SERVICE);
    assertThat(ByteBufUtil.getBytes(frame.bytes())).isEqualTo(original);
  }

  @Test
  void headersAskedForAfterReleaseAreEmptyNotAnError() {
    DubboFrame frame = decode(wireRequest());
    frame.release();
    assertThat(frame.headers().get("service")).isNull();
    assertThat(frame.headers().size()).isZero();
  }

  @Test
  void theHeartbeatIntervalIsConfigurableAndIdsUseTheWholeLongRange() {
    assertThat(codec.heartbeatInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(new DubboCodec(Duration.ofMillis(50)).heartbeatInterval())
        .isEqualTo(Duration.ofMillis(50));
    assertThat(codec.maxRequestId()).isEqualTo(Long.MAX_VALUE);
    assertThat(codec.name()).isEqualTo("dubbo");
    assertThatThrownBy(() -> new DubboCodec(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
