package dev.weft.dataplane.upstream;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.network.EventLoops;
import dev.weft.dataplane.network.Transport;
import dev.weft.dataplane.protocol.ClientConnection;
import dev.weft.dataplane.protocol.ClientConnectionListener;
import dev.weft.dataplane.protocol.ClientContext;
import dev.weft.dataplane.protocol.ClientStream;
import dev.weft.dataplane.protocol.ClientStreamListener;
import dev.weft.dataplane.protocol.Detection;
import dev.weft.dataplane.protocol.HeaderMap;
import dev.weft.dataplane.protocol.Protocol;
import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResetReason;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.protocol.ServerContext;
import dev.weft.dataplane.stats.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pool's connections over their lives: a host leaves its cluster while requests that chose it are
 * still on their way (they are served, and its connections close once they are done), and a
 * cluster's idle timeout closes connections that had no stream for that long. Single-stream
 * connections of a fake protocol to a real loopback socket; the test ends each stream.
 */
class ConnectionPoolTest {
  private final ServerSocket upstream = listen();
  private final EventLoops loops = EventLoops.create(Transport.nio(), 1);
  private final EventLoop loop = loops.workers().next();
  private final ConnectionPools pools = new ConnectionPools(loops);
  private final OneStreamProtocol protocol = new OneStreamProtocol();
  private final Host host =
      new Host(
          local(upstream.getLocalPort()),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream.getLocalPort()),
          1,
          Map.of(),
          "");
  private final Cluster cluster =
      new Cluster(
          cluster("c", "LB_ROUNDROBIN", local(upstream.getLocalPort())),
          List.of(host),
          null,
          new CircuitBreaker(ClusterConfig.CircuitBreakers.UNLIMITED),
          new ClusterStats(new Stats().cluster("c")));

  @AfterEach
  void close() throws IOException {
    loops.close();
    upstream.close();
  }

  @Test
  void aRequestWaitingForAConnectionWhenItsHostLeavesIsServed() throws Exception {
    Outcome outcome = new Outcome();
    onLoop(
        () -> {
          pools.get(loop, host, protocol).newStream(cluster, NO_RESPONSE, outcome);
          host.markRemoved();
          pools.drain(List.of(host));
          return null;
        });

    await().atMost(Duration.ofSeconds(5)).until(() -> outcome.ready.get() == 1);
    assertThat(outcome.failed).isEmpty();
    FakeConnection connection = protocol.made.get(0);
    onLoop(connection::endStream);
    await().atMost(Duration.ofSeconds(5)).until(() -> !connection.channel.isOpen());
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.stats().connectionActive.get() == 0);
    assertThat(cluster.stats().connectionClose.get()).isEqualTo(1);
  }

  @Test
  void aRequestThatChoseTheHostBeforeItLeftIsServedOnAConnectionThatClosesAfterIt()
      throws Exception {
    Outcome first = new Outcome();
    onLoop(() -> pools.get(loop, host, protocol).newStream(cluster, NO_RESPONSE, first));
    await().atMost(Duration.ofSeconds(5)).until(() -> first.ready.get() == 1);
    FakeConnection busy = protocol.made.get(0);

    onLoop(
        () -> {
          host.markRemoved();
          pools.drain(List.of(host));
          return null;
        });
    // A retry on the cluster object its request started with.
    Outcome retry = new Outcome();
    onLoop(() -> pools.get(loop, host, protocol).newStream(cluster, NO_RESPONSE, retry));
    await().atMost(Duration.ofSeconds(5)).until(() -> retry.ready.get() == 1);
    assertThat(retry.failed).isEmpty();
    assertThat(protocol.made).hasSize(2);
    FakeConnection second = protocol.made.get(1);

    onLoop(busy::endStream);
    onLoop(second::endStream);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !busy.channel.isOpen() && !second.channel.isOpen());
  }

  @Test
  void aPoolMadeForAHostThatAlreadyLeftClosesItsConnectionWhenTheRequestEnds() throws Exception {
    host.markRemoved();
    Outcome outcome = new Outcome();
    onLoop(() -> pools.get(loop, host, protocol).newStream(cluster, NO_RESPONSE, outcome));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcome.ready.get() == 1);
    FakeConnection connection = protocol.made.get(0);

    onLoop(connection::endStream);

    await().atMost(Duration.ofSeconds(5)).until(() -> !connection.channel.isOpen());
  }

  @Test
  void aHostStillInItsClusterKeepsItsIdleConnection() throws Exception {
    Outcome outcome = new Outcome();
    onLoop(() -> pools.get(loop, host, protocol).newStream(cluster, NO_RESPONSE, outcome));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcome.ready.get() == 1);
    FakeConnection connection = protocol.made.get(0);

    onLoop(connection::endStream);

    assertThat(onLoop(() -> connection.channel.isOpen())).isTrue();
    assertThat(onLoop(() -> pools.get(loop, host, protocol).connectionCount())).isEqualTo(1);
  }

  @Test
  void anIdleTimeoutClosesAConnectionThatHadNoStreamForThatLong() throws Exception {
    Cluster idling = withIdleTimeout(Duration.ofMillis(300));
    Outcome outcome = new Outcome();
    onLoop(() -> pools.get(loop, host, protocol).newStream(idling, NO_RESPONSE, outcome));
    await().atMost(Duration.ofSeconds(5)).until(() -> outcome.ready.get() == 1);
    FakeConnection connection = protocol.made.get(0);

    // Busy for longer than the timeout: it stays open.
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(5))
        .until(() -> connection.channel.isOpen());

    long ended = System.nanoTime();
    onLoop(connection::endStream);
    await().atMost(Duration.ofSeconds(5)).until(() -> !connection.channel.isOpen());
    assertThat(Duration.ofNanos(System.nanoTime() - ended))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    await().atMost(Duration.ofSeconds(5)).until(() -> idling.stats().connectionActive.get() == 0);
  }

  @Test
  void aConnectionUsedAgainBeforeItsIdleTimeoutStaysOpen() throws Exception {
    Cluster idling = withIdleTimeout(Duration.ofMillis(400));
    Outcome first = new Outcome();
    onLoop(() -> pools.get(loop, host, protocol).newStream(idling, NO_RESPONSE, first));
    await().atMost(Duration.ofSeconds(5)).until(() -> first.ready.get() == 1);
    FakeConnection connection = protocol.made.get(0);

    // Streams one after another on the one connection, each starting before the timeout is up.
    for (int i = 0; i < 5; i++) {
      onLoop(connection::endStream);
      await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(5))
          .until(() -> connection.channel.isOpen());
      Outcome next = new Outcome();
      onLoop(() -> pools.get(loop, host, protocol).newStream(idling, NO_RESPONSE, next));
      assertThat(next.ready.get()).isEqualTo(1);
    }

    assertThat(protocol.made).hasSize(1);
    assertThat(connection.channel.isOpen()).isTrue();
  }

  private Cluster withIdleTimeout(Duration timeout) {
    ClusterConfig base = cluster("c", "LB_ROUNDROBIN", local(upstream.getLocalPort()));
    ClusterConfig config =
        new ClusterConfig(
            base.name(),
            base.type(),
            base.lbType(),
            base.hosts(),
            base.circuitBreakers(),
            base.connectTimeout(),
            Optional.of(timeout),
            base.maxRequestsPerConnection(),
            base.choiceCount(),
            base.subset());
    return new Cluster(
        config,
        List.of(host),
        null,
        new CircuitBreaker(ClusterConfig.CircuitBreakers.UNLIMITED),
        new ClusterStats(new Stats().cluster("idling")));
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }

  private static ServerSocket listen() {
    try {
      // The kernel completes connections in the backlog; nothing needs to accept them.
      return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the pool answered one request. */
  private static final class Outcome implements PoolCallbacks {
    final AtomicInteger ready = new AtomicInteger();
    final List<PoolFailure> failed = new CopyOnWriteArrayList<>();

    @Override
    public void onReady(ClientStream stream, Host host) {
      ready.incrementAndGet();
    }

    @Override
    public void onFailure(PoolFailure failure, Host host) {
      failed.add(failure);
    }
  }

  private static final ClientStreamListener NO_RESPONSE =
      new ClientStreamListener() {
        @Override
        public void onHeaders(ResponseHead head, boolean endStream) {}

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
      };

  /** One stream at a time per connection, like HTTP/1; sends nothing. */
  private static final class OneStreamProtocol implements Protocol {
    final List<FakeConnection> made = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "OneStream";
    }

    @Override
    public Detection detect(ByteBuf firstBytes) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void installServer(Channel channel, ServerContext context) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public ClientConnection installClient(Channel channel, ClientContext context) {
      FakeConnection connection = new FakeConnection(channel, context.listener());
      made.add(connection);
      return connection;
    }

    @Override
    public boolean multiplexing() {
      return false;
    }
  }

  /** A connection whose stream ends when the test says so. */
  private static final class FakeConnection implements ClientConnection {
    final Channel channel;
    private final ClientConnectionListener listener;
    private int active;
    private boolean draining;

    FakeConnection(Channel channel, ClientConnectionListener listener) {
      this.channel = channel;
      this.listener = listener;
      channel.closeFuture().addListener(f -> listener.onClosed(this));
    }

    Void endStream() {
      active--;
      listener.onStreamEnded(this);
      if (draining && active == 0) {
        close();
      }
      return null;
    }

    @Override
    public EventLoop eventLoop() {
      return channel.eventLoop();
    }

    @Override
    public ClientStream newStream(ClientStreamListener streamListener) {
      active++;
      return new ClientStream() {
        @Override
        public void sendHeaders(RequestHead head, boolean endStream) {}

        @Override
        public void sendData(ByteBuf data, boolean endStream) {
          data.release();
        }

        @Override
        public void sendTrailers(HeaderMap trailers) {}

        @Override
        public void reset(ResetReason reason) {}

        @Override
        public boolean isWritable() {
          return true;
        }

        @Override
        public void consumed(int bytes) {}
      };
    }

    @Override
    public boolean canOpenStream() {
      return channel.isOpen() && !draining && active == 0;
    }

    @Override
    public int activeStreams() {
      return active;
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public boolean isDraining() {
      return draining;
    }

    @Override
    public void drain() {
      draining = true;
      if (active == 0) {
        close();
      }
    }

    @Override
    public void close() {
      channel.close();
    }
  }
}
