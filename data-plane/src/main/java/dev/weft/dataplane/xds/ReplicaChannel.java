package dev.weft.dataplane.xds;

import dev.weft.dataplane.config.HostPort;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollChannelOption;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A plaintext gRPC channel to one of several replicas of a server (the control plane's ADS or
 * registry API), given in order of preference. gRPC's own machinery does the failover: {@link
 * ReplicaNameResolver} hands the replicas to the {@code pick_first} policy as one address group
 * each, in order, so the channel connects to the first that accepts a connection, stays on it while
 * it lives, and when it dies walks the list again from the top on the next call. Two channels given
 * the same list therefore end up on the same replica after a failure.
 *
 * <p>Each connection attempt gives up after {@link #CONNECT_TIMEOUT}, so a replica whose host is
 * down (no answer at all) delays the walk by that much, not by the OS's timeout.
 *
 * <p>Its connections carry TCP keepalive, as Envoy's and Istio's xDS clusters do ({@code
 * upstream_connection_options.tcp_keepalive}): after {@link #KEEPALIVE_IDLE} without a packet the
 * kernel probes the replica every {@link #KEEPALIVE_INTERVAL}, and a connection whose replica
 * vanished (its host died or the network between dropped, so no FIN or RST ever comes) closes
 * {@link #DEAD_AFTER} after it went quiet, or after data went unacknowledged that long; the streams
 * on it then fail and reconnect, to another replica if that one is gone. Without it, such a stream
 * waits for the OS's retransmission limit (about 15 minutes) or, if idle, forever. TCP probes, not
 * HTTP/2 pings: a gRPC server's keepalive policy (grpc-go's allows one ping in 5 minutes by
 * default) may answer frequent pings with GOAWAY, while the kernel answers TCP probes.
 *
 * <p>{@link #remoteAddress()} says which replica the latest call went to, from the call's transport
 * attributes ({@link Grpc#TRANSPORT_ATTR_REMOTE_ADDR}). gRPC's retries are off: the streams on
 * these channels (ADS, registry sessions) are long-lived and their clients reconnect them
 * themselves, and a retriable call hides its transport until a response commits it, which on a
 * reconnected ADS stream may never come.
 */
public final class ReplicaChannel extends ManagedChannel {
  /** How long one connection attempt to one replica may take (Envoy's default connect timeout). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Quiet time on a connection before the kernel's first keepalive probe. */
  public static final Duration KEEPALIVE_IDLE = Duration.ofSeconds(30);

  /** Time between unanswered keepalive probes. */
  public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(10);

  /** When a connection whose replica stopped answering closes (TCP_USER_TIMEOUT too). */
  public static final Duration DEAD_AFTER = Duration.ofSeconds(60);

  private static final int KEEPALIVE_PROBES =
      (int) DEAD_AFTER.minus(KEEPALIVE_IDLE).dividedBy(KEEPALIVE_INTERVAL);

  private final List<HostPort> replicas;
  private final ManagedChannel channel;
  private volatile ClientCall<?, ?> latest;

  private ReplicaChannel(List<HostPort> replicas, ManagedChannel channel) {
    this.replicas = replicas;
    this.channel = channel;
  }

  /**
   * A channel over {@code replicas} (at least one); {@code options} may set the executor, user
   * agent and the like on gRPC's builder.
   */
  @SuppressWarnings("deprecation") // nameResolverFactory: the channel's own resolver, not global
  public static ReplicaChannel create(
      List<HostPort> replicas, UnaryOperator<NettyChannelBuilder> options) {
    List<HostPort> copy = List.copyOf(replicas);
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(ReplicaNameResolver.SCHEME + ":///replicas")
            .nameResolverFactory(ReplicaNameResolver.provider(copy))
            .defaultLoadBalancingPolicy("pick_first")
            .disableRetry()
            .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
            .withOption(ChannelOption.SO_KEEPALIVE, true)
            .usePlaintext();
    if (Epoll.isAvailable()) {
      // gRPC's transport is epoll wherever it is available; elsewhere the OS's keepalive times
      // apply.
      builder
          .withOption(EpollChannelOption.TCP_KEEPIDLE, (int) KEEPALIVE_IDLE.toSeconds())
          .withOption(EpollChannelOption.TCP_KEEPINTVL, (int) KEEPALIVE_INTERVAL.toSeconds())
          .withOption(EpollChannelOption.TCP_KEEPCNT, KEEPALIVE_PROBES)
          .withOption(EpollChannelOption.TCP_USER_TIMEOUT, (int) DEAD_AFTER.toMillis());
    }
    return new ReplicaChannel(copy, options.apply(builder).build());
  }

  /** The replicas, in order of preference. */
  public List<HostPort> replicas() {
    return replicas;
  }

  /** The replicas as given: {@code host:port,host:port}. */
  public String describe() {
    return describe(replicas);
  }

  /** {@code host:port,host:port}. */
  public static String describe(List<HostPort> replicas) {
    return replicas.stream().map(HostPort::toString).collect(Collectors.joining(","));
  }

  /**
   * The address ({@code ip:port}) of the replica that carries the latest call made on this channel,
   * once that call has a connection; empty before. Cheap; call it from any thread.
   */
  public Optional<String> remoteAddress() {
    ClientCall<?, ?> call = latest;
    if (call == null) {
      return Optional.empty();
    }
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return Optional.of(
          new HostPort(inet.getAddress().getHostAddress(), inet.getPort()).toString());
    }
    return Optional.ofNullable(remote).map(SocketAddress::toString);
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    ClientCall<Q, R> call = channel.newCall(method, options);
    latest = call;
    return call;
  }

  @Override
  public String authority() {
    return channel.authority();
  }

  @Override
  public ConnectivityState getState(boolean requestConnection) {
    return channel.getState(requestConnection);
  }

  @Override
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    channel.notifyWhenStateChanged(source, callback);
  }

  @Override
  public void resetConnectBackoff() {
    channel.resetConnectBackoff();
  }

  @Override
  public void enterIdle() {
    channel.enterIdle();
  }

  @Override
  public ManagedChannel shutdown() {
    channel.shutdown();
    return this;
  }

  @Override
  public ManagedChannel shutdownNow() {
    channel.shutdownNow();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return channel.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return channel.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return channel.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return "ReplicaChannel[" + describe() + "]";
  }
}
