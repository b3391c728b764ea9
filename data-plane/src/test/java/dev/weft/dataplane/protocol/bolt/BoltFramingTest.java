package dev.weft.dataplane.protocol.bolt;

import static dev.weft.dataplane.protocol.bolt.BoltWire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.protocol.rpc.RpcFrame;
import dev.weft.dataplane.protocol.rpc.RpcTestChannels;
import dev.weft.dataplane.stats.Counter;
import dev.weft.dataplane.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bolt bytes cut into frames by the shared decoder, however they arrive. */
class BoltFramingTest {
  private static final int MAX = 64 * 1024;

  private final Counter badFrames =
      new Stats().set("protocol", "protocol", "bolt").counter("downstream_bad_frame");

  @Test
  void twoFramesSplitAtEveryByteBoundaryComeOutWhole() {
    for (BoltCodec codec : new BoltCodec[] {BoltCodec.v1(), BoltCodec.v2()}) {
      boolean v2 = codec.name().equals("boltv2");
      byte[] first = request(v2, 1, "first");
      byte[] second = request(v2, 2, "second, a little longer");
      byte[] both = BoltCodecTest.concat(first, second);
      for (int split = 0; split <= both.length; split++) {
        EmbeddedChannel channel = RpcTestChannels.framing(codec, MAX, badFrames);
        channel.writeInbound(direct(both, 0, split));
        channel.writeInbound(direct(both, split, both.length - split));
        assertThat(readIds(channel)).as("%s split at %d", codec, split).containsExactly(1L, 2L);
        assertThat(channel.finish()).isFalse();
      }
    }
    assertThat(badFrames.get()).isZero();
  }

  @Test
  void framesArrivingOneByteAtATimeOrAllInOneRead() {
    byte[] stream =
        BoltCodecTest.concat(
            BoltCodecTest.HEARTBEAT,
            BoltCodecTest.SOFA_REQUEST,
            BoltCodecTest.HEARTBEAT_ACK,
            BoltWire.request(9).oneway().content("fire and forget").bytes());
    EmbeddedChannel bytewise = RpcTestChannels.framing(BoltCodec.v1(), MAX, badFrames);
    for (int i = 0; i < stream.length; i++) {
      bytewise.writeInbound(direct(stream, i, 1));
    }
    assertThat(readKinds(bytewise))
        .containsExactly(
            RpcFrame.Kind.HEARTBEAT_REQUEST,
            RpcFrame.Kind.REQUEST,
            RpcFrame.Kind.HEARTBEAT_RESPONSE,
            RpcFrame.Kind.ONEWAY_REQUEST);
    bytewise.finish();

    // (wire) two heartbeats, 44 bytes, in one read.
    EmbeddedChannel oneRead = RpcTestChannels.framing(BoltCodec.v1(), MAX, badFrames);
    byte[] twoHeartbeats =
        BoltCodecTest.concat(BoltWire.heartbeat(3).bytes(), BoltWire.heartbeat(4).bytes());
    assertThat(twoHeartbeats).hasSize(44);
    oneRead.writeInbound(direct(twoHeartbeats, 0, 44));
    assertThat(readIds(oneRead)).containsExactly(3L, 4L);
    oneRead.finish();
    assertThat(badFrames.get()).isZero();
  }

  @Test
  void badMagicClosesTheConnectionAndCounts() {
    assertClosedAsBad(BoltCodec.v1(), hex("dabbc2000000000000000001"));
    assertClosedAsBad(BoltCodec.v2(), BoltCodecTest.HEARTBEAT);
  }

  @Test
  void negativeAndOversizedLengthsCloseTheConnectionAndCount() {
    byte[] negative = BoltWire.request(1).bytes();
    negative[16] = (byte) 0xff; // headerLen -1..
    assertClosedAsBad(BoltCodec.v1(), negative);
    byte[] huge = BoltWire.request(1).bytes();
    huge[18] = 0x10; // contentLen 256 MiB: refused before it arrives
    assertClosedAsBad(BoltCodec.v1(), huge);
  }

  @Test
  void aBadFrameAfterGoodOnesStillDeliversTheGoodOnes() {
    EmbeddedChannel channel = RpcTestChannels.framing(BoltCodec.v1(), MAX, badFrames);
    byte[] stream = BoltCodecTest.concat(request(false, 1, "ok"), hex("01 07 0001 01 00000002 01"));
    channel.writeInbound(direct(stream, 0, stream.length));
    assertThat(readIds(channel)).containsExactly(1L);
    assertThat(channel.isOpen()).isFalse();
    assertThat(badFrames.get()).isEqualTo(1);
    channel.finish();
  }

  @Test
  void aConnectionClosedMidFrameCounts() {
    byte[] request = request(false, 1, "cut short");
    EmbeddedChannel channel = RpcTestChannels.framing(BoltCodec.v1(), MAX, badFrames);
    channel.writeInbound(direct(request, 0, request.length - 3));
    assertThat(channel.inboundMessages()).isEmpty();
    assertThat(channel.finish()).isFalse();
    assertThat(badFrames.get()).isEqualTo(1);

    EmbeddedChannel clean = RpcTestChannels.framing(BoltCodec.v1(), MAX, badFrames);
    clean.writeInbound(direct(request, 0, request.length));
    assertThat(readIds(clean)).containsExactly(1L);
    clean.finish();
    assertThat(badFrames.get()).as("closing between frames is fine").isEqualTo(1);
  }

  @Test
  void aV2FrameWithABadCrcClosesTheConnection() {
    byte[] request = request(true, 1, "payload");
    request[request.length - 1] ^= 0x40;
    assertClosedAsBad(BoltCodec.v2(), request);
  }

  private void assertClosedAsBad(BoltCodec codec, byte[] bytes) {
    long before = badFrames.get();
    EmbeddedChannel channel = RpcTestChannels.framing(codec, MAX, badFrames);
    channel.writeInbound(direct(bytes, 0, bytes.length));
    assertThat(channel.inboundMessages()).isEmpty();
    assertThat(channel.isOpen()).isFalse();
    assertThat(badFrames.get()).isEqualTo(before + 1);
    channel.finish();
  }

  static byte[] request(boolean v2, int id, String content) {
    BoltWire.Builder builder =
        BoltWire.request(id)
            .timeout(1000)
            .className("java.lang.String")
            .service("weft.EchoService:1.0", "echo")
            .content(content);
    return (v2 ? builder.v2(true) : builder).bytes();
  }

  static ByteBuf direct(byte[] bytes, int from, int length) {
    return ByteBufAllocator.DEFAULT
        .directBuffer(Math.max(length, 1))
        .writeBytes(bytes, from, length);
  }

  private static List<Long> readIds(EmbeddedChannel channel) {
    List<Long> ids = new ArrayList<>();
    for (RpcFrame frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      ids.add(frame.requestId());
      frame.release();
    }
    return ids;
  }

  private static List<RpcFrame.Kind> readKinds(EmbeddedChannel channel) {
    List<RpcFrame.Kind> kinds = new ArrayList<>();
    for (RpcFrame frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      kinds.add(frame.kind());
      frame.release();
    }
    return kinds;
  }
}
