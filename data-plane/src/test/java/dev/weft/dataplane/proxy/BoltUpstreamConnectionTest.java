package dev.weft.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.network.Flusher;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ProtocolOptions;
import dev.weft.dataplane.protocol.bolt.BoltCodec;
import dev.weft.dataplane.protocol.bolt.BoltWire;
import dev.weft.dataplane.protocol.rpc.RpcProtocol;
import dev.weft.dataplane.stats.Stats;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An idle upstream Bolt connection keeps itself alive with heartbeats, and gives up on a provider
 * that leaves three of them unanswered. The heartbeat interval is shortened through the codec.
 */
class BoltUpstreamConnectionTest {
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private EventLoopGroup loops;
  private BoltProvider provider;
  private final AtomicInteger closed = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    provider = new BoltProvider("P");
  }

  @AfterEach
  void stop() throws Exception {
    provider.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void anIdleConnectionHeartbeatsAndStaysOpenWhileTheProviderAnswers() throws Exception {
    Channel channel = connect();

    await().until(() -> provider.heartbeats() >= 5);
    // Without the acks it would have closed after the third heartbeat.
    assertThat(channel.isActive()).isTrue();
    assertThat(closed.get()).isZero();
    List<BoltWire.Frame> heartbeats = provider.frames();
    assertThat(heartbeats)
        .allSatisfy(
            f -> {
              assertThat(f.isHeartbeat()).isTrue();
              assertThat(f.type()).isEqualTo(BoltWire.TYPE_REQUEST);
              assertThat(f.timeoutOrStatus()).isEqualTo(-1);
              assertThat(f.length()).isEqualTo(22);
            });
    assertThat(heartbeats).extracting(BoltWire.Frame::id).doesNotHaveDuplicates();
    channel.close().sync();
  }

  @Test
  void aProviderThatNeverAnswersHeartbeatsLosesTheConnectionAfterThreeMisses() throws Exception {
    provider.answerHeartbeats(false);
    Channel channel = connect();

    await().until(() -> !channel.isActive());
    // onClosed runs on the event loop after the channel went inactive: wait for it, then make sure
    // it came once.
    await().until(() -> closed.get() >= 1);
    assertThat(closed.get()).isEqualTo(1);
    await().until(() -> provider.heartbeats() >= 3);
    assertThat(provider.heartbeats()).as("heartbeats before giving up").isEqualTo(3);
  }

  private Channel connect() throws Exception {
    RpcProtocol bolt =
        new RpcProtocol(BoltCodec.v1(INTERVAL), new Stats().set("protocol", "protocol", "bolt"));
    Channel channel =
        new Bootstrap()
            .group(loops)
            .channel(NioSocketChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(InetAddress.getLoopbackAddress(), provider.port())
            .sync()
            .channel();
    CompletableFuture<ClientConnection> installed = new CompletableFuture<>();
    channel
        .eventLoop()
        .execute(
            () ->
                installed.complete(
                    bolt.installClient(
                        channel,
                        new ClientContext(
                            new CountingListener(),
                            ProtocolOptions.DEFAULTS,
                            new Flusher(channel.eventLoop()),
                            0))));
    installed.get(5, TimeUnit.SECONDS);
    return channel;
  }

  private final class CountingListener implements ClientConnectionListener {
    @Override
    public void onStreamEnded(ClientConnection connection) {}

    @Override
    public void onClosed(ClientConnection connection) {
      closed.incrementAndGet();
    }

    @Override
    public void onDraining(ClientConnection connection) {}
  }
}
