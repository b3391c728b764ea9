package dev.weft.dataplane.protocol.dubbo;

import static dev.weft.dataplane.protocol.dubbo.DubboTestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.LocalReply;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.protocol.ServerStream;
import dev.weft.dataplane.protocol.ServerStreamListener;
import dev.weft.dataplane.protocol.rpc.RpcProtocol;
import dev.weft.dataplane.protocol.rpc.RpcRequestHead;
import dev.weft.dataplane.stats.MetricSet;
import dev.weft.dataplane.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The codec inside the real RPC pipeline, on embedded channels: framing, server and client. */
class DubboPipelineTest {
  private static final String SERVICE = "probe.GreetingService";

  private final MetricSet stats = new Stats().set("protocol", "protocol", "dubbo");
  private final RpcProtocol protocol = new RpcProtocol(new DubboCodec(), stats);
  private final List<RequestHead> heads = new ArrayList<>();
  private final List<ServerStream> streams = new ArrayList<>();
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    heads.forEach(RequestHead::release);
    for (EmbeddedChannel channel : channels) {
      channel.finishAndReleaseAll();
    }
  }

  private EmbeddedChannel server(int maxFrameBytes) {
    EmbeddedChannel channel = new InetEmbeddedChannel();
    channels.add(channel);
    ProtocolOptions options = new ProtocolOptions(16384, 8192, 100, 65535, maxFrameBytes);
    protocol.installServer(
        channel,
        new ServerContext(
            stream -> {
              streams.add(stream);
              return new Recorder();
            },
            options,
            new Flusher(channel.eventLoop()),
            List.of(protocol)));
    return channel;
  }

  private final class Recorder implements ServerStreamListener {
    @Override
    public void onHeaders(RequestHead head, boolean endStream) {
      heads.add(head);
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
  }

  private static ByteBuf pooled(byte[] bytes, int from, int to) {
    return PooledByteBufAllocator.DEFAULT.buffer(to - from).writeBytes(bytes, from, to - from);
  }

  /** Everything the channel wrote, as one byte array. */
  private static byte[] written(EmbeddedChannel channel) {
    channel.runPendingTasks();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
      out.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  // ----- server side -----

  @Test
  void framesSplitAtEveryByteBoundaryArriveWholeAndInOrder() {
    byte[] stream =
        concat(
            frame(0xc2, 0, -1, DubboTestFrames.call(SERVICE, "sayHello", "a", Map.of())),
            frame(0x82, 0, 5, DubboTestFrames.call(SERVICE, "notify", "b", Map.of())),
            DubboTestFrames.heartbeatRequest(7),
            frame(0xa2, 0, 8, new byte[] {0x01, 'R'}), // an event no client should send: dropped
            frame(
                0xc2,
                0,
                Long.MIN_VALUE,
                DubboTestFrames.call("other.Service", "x", "c", Map.of("group", "g"))));
    byte[] pong = frame(0x22, 20, 7, new byte[] {'N'});
    for (int split = 0; split <= stream.length; split++) {
      EmbeddedChannel channel = server(1 << 20);
      channel.writeInbound(pooled(stream, 0, split));
      channel.writeInbound(pooled(stream, split, stream.length));
      assertThat(heads).as("split at %d", split).hasSize(3);
      assertThat(heads)
          .extracting(h -> ((RpcRequestHead) h).frame().requestId())
          .containsExactly(-1L, 5L, Long.MIN_VALUE);
      assertThat(heads).extracting(RequestHead::oneway).containsExactly(false, true, false);
      assertThat(heads).extracting(RequestHead::method).containsExactly("sayHello", "notify", "x");
      assertThat(heads.get(2).headers().get("group")).isEqualTo("g");
      assertThat(written(channel)).as("the heartbeat is answered here").isEqualTo(pong);
      assertThat(channel.isActive()).isTrue();
      cleanUp();
      heads.clear();
      streams.clear();
      channels.clear();
    }
  }

  @Test
  void oneByteAtATimeWorksToo() {
    byte[] request = frame(0xc2, 0, 42, DubboTestFrames.call(SERVICE, "sayHello", "a", Map.of()));
    EmbeddedChannel channel = server(1 << 20);
    for (int i = 0; i < request.length; i++) {
      channel.writeInbound(pooled(request, i, i + 1));
    }
    assertThat(heads).hasSize(1);
    assertThat(heads.get(0).headers().get("service")).isEqualTo(SERVICE);
  }

  @Test
  void localRepliesGoBackUnderTheClientsId() {
    EmbeddedChannel channel = server(1 << 20);
    byte[] request = frame(0xc2, 0, -99, DubboTestFrames.call(SERVICE, "sayHello", "a", Map.of()));
    channel.writeInbound(pooled(request, 0, request.length));
    streams.get(0).sendLocalReply(LocalReply.of(LocalReply.Kind.TIMEOUT, "upstream timeout\n"));
    byte[] reply = written(channel);
    assertThat(Arrays.copyOf(reply, 12))
        .isEqualTo(Arrays.copyOf(frame(0x02, 31, -99, new byte[0]), 12));
    assertThat(DubboTestFrames.errorMessage(Arrays.copyOfRange(reply, 16, reply.length)))
        .isEqualTo("upstream timeout (service " + SERVICE + ")");
  }

  @Test
  void badFramesCloseOnlyTheirConnectionAndAreCounted() {
    byte[] good = frame(0xc2, 0, 1, DubboTestFrames.call(SERVICE, "m", "a", Map.of()));
    byte[] badMagic = frame(0xc2, 0, 2, new byte[0]);
    badMagic[1] = (byte) 0xbc;
    byte[] negative = frame(0xc2, 0, 3, new byte[0]);
    negative[12] = (byte) 0xff;
    byte[] tooBig = frame(0xc2, 0, 4, new byte[2000]);
    List<byte[]> bad = List.of(badMagic, negative, tooBig);

    EmbeddedChannel bystander = server(1024);
    long counted = 0;
    for (byte[] b : bad) {
      EmbeddedChannel channel = server(1024);
      byte[] stream = concat(good, b, good);
      channel.writeInbound(pooled(stream, 0, stream.length));
      channel.runPendingTasks();
      assertThat(channel.isActive()).isFalse();
      assertThat(stats.counter("downstream_bad_frame").get()).isEqualTo(++counted);
    }
    assertThat(heads).as("the good frame before each bad one").hasSize(3);
    assertThat(bystander.isActive()).isTrue();
    bystander.writeInbound(pooled(good, 0, good.length));
    assertThat(heads).hasSize(4);
  }

  // ----- client side -----

  /** A pool stand-in that records what the connection tells it. */
  private static final class Pool implements ClientConnectionListener {
    int draining;
    int closed;

    @Override
    public void onStreamEnded(ClientConnection connection) {}

    @Override
    public void onClosed(ClientConnection connection) {
      closed++;
    }

    @Override
    public void onDraining(ClientConnection connection) {
      draining++;
    }
  }

  /** Records a call's outcome. */
  private static final class Call implements ClientStreamListener {
    final List<ResponseHead> responses = new ArrayList<>();
    ResetReason reset;

    @Override
    public void onHeaders(ResponseHead head, boolean endStream) {
      responses.add(head);
    }

    @Override
    public void onData(ByteBuf data, boolean endStream) {
      data.release();
    }

    @Override
    public void onTrailers(HeaderMap trailers) {}

    @Override
    public void onReset(ResetReason reason) {
      reset = reason;
    }

    @Override
    public void onWritabilityChanged(boolean writable) {}
  }

  private ClientConnection client(EmbeddedChannel channel, Pool pool, RpcProtocol protocol) {
    channels.add(channel);
    return protocol.installClient(
        channel,
        new ClientContext(pool, ProtocolOptions.DEFAULTS, new Flusher(channel.eventLoop()), 0));
  }

  private RpcRequestHead requestHead(long clientId) {
    byte[] bytes =
        frame(0xc2, 0, clientId, DubboTestFrames.call(SERVICE, "sayHello", "a", Map.of()));
    DubboFrame frame = (DubboFrame) new DubboCodec().decode(pooled(bytes, 0, bytes.length));
    RpcRequestHead head = new RpcRequestHead("dubbo", frame);
    heads.add(head);
    return head;
  }

  private static long idOf(byte[] frame) {
    return java.nio.ByteBuffer.wrap(frame, 4, 8).getLong();
  }

  @Test
  void aProvidersReadonlyEventDrainsTheConnectionAndCallsInFlightStillFinish() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Pool pool = new Pool();
    ClientConnection connection = client(channel, pool, protocol);
    Call call = new Call();
    ClientStream stream = connection.newStream(call);
    stream.sendHeaders(requestHead(-5), true);
    byte[] sent = written(channel);
    long upstreamId = idOf(sent);

    byte[] readonly = frame(0xa2, 0, 1234, new byte[] {0x01, 'R'});
    channel.writeInbound(pooled(readonly, 0, readonly.length));
    assertThat(pool.draining).isEqualTo(1);
    assertThat(connection.isDraining()).isTrue();
    assertThat(connection.canOpenStream()).isFalse();
    assertThat(channel.isActive()).as("a call is in flight").isTrue();

    byte[] response = frame(0x02, 20, upstreamId, DubboTestFrames.valueResponseBody("hi"));
    channel.writeInbound(pooled(response, 0, response.length));
    assertThat(call.responses).hasSize(1);
    assertThat(call.responses.get(0).status()).isEqualTo(200);
    call.responses.forEach(ResponseHead::release);
    channel.runPendingTasks();
    assertThat(channel.isActive()).as("closed once the last call ended").isFalse();
  }

  @Test
  void aWriteableEventChangesNothing() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Pool pool = new Pool();
    ClientConnection connection = client(channel, pool, protocol);
    byte[] writeable = frame(0xa2, 0, 1, new byte[] {0x01, 'W'});
    channel.writeInbound(pooled(writeable, 0, writeable.length));
    assertThat(pool.draining).isZero();
    assertThat(connection.canOpenStream()).isTrue();
  }

  @Test
  void providersHeartbeatsAreAnsweredAndIdleConnectionsSendTheirOwn() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Pool pool = new Pool();
    client(channel, pool, protocol);
    byte[] ping = DubboTestFrames.heartbeatRequest(Long.MAX_VALUE);
    channel.writeInbound(pooled(ping, 0, ping.length));
    assertThat(written(channel)).isEqualTo(frame(0x22, 20, Long.MAX_VALUE, new byte[] {'N'}));

    // Unanswered heartbeats, one per idle interval, then the connection gives up.
    for (int i = 1; i <= 3; i++) {
      channel.advanceTimeBy(61, TimeUnit.SECONDS);
      channel.runScheduledPendingTasks();
      byte[] heartbeat = written(channel);
      assertThat(Arrays.copyOf(heartbeat, 4))
          .isEqualTo(new byte[] {(byte) 0xda, (byte) 0xbb, (byte) 0xe2, 0});
      assertThat(heartbeat).hasSize(17);
      assertThat(heartbeat[16]).isEqualTo((byte) 'N');
      assertThat(channel.isActive()).isTrue();
    }
    channel.advanceTimeBy(61, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
    assertThat(channel.isActive()).isFalse();
    assertThat(pool.closed).isEqualTo(1);
  }

  @Test
  void callsInFlightFailAtOnceWhenTheConnectionIsLost() {
    EmbeddedChannel channel = new EmbeddedChannel();
    ClientConnection connection = client(channel, new Pool(), protocol);
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Call call = new Call();
      connection.newStream(call).sendHeaders(requestHead(7), true); // the same client ID thrice
      calls.add(call);
    }
    byte[] sent = written(channel);
    assertThat(sent.length % 3).isZero();
    int each = sent.length / 3;
    assertThat(
            List.of(
                idOf(sent),
                idOf(Arrays.copyOfRange(sent, each, sent.length)),
                idOf(Arrays.copyOfRange(sent, 2 * each, sent.length))))
        .as("distinct upstream IDs")
        .doesNotHaveDuplicates();
    channel.close();
    assertThat(calls)
        .allSatisfy(c -> assertThat(c.reset).isEqualTo(ResetReason.CONNECTION_TERMINATION));
  }
}
