package dev.weft.registry.server;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Serves the registry API ({@code weft.registry.v1}) for one {@link RegistryNode}. */
public final class RegistryServer implements AutoCloseable {
  private final Server server;

  private RegistryServer(Server server) {
    this.server = server;
  }

  /**
   * How long a connection may be quiet before the server pings its client. A client whose host
   * vanished (no FIN or RST ever comes) leaves its session stream open on this side, and the
   * session, with its publications, would live on: an unanswered ping ({@link #KEEPALIVE_TIMEOUT})
   * closes the connection, the session is abandoned and its publications go after the TTL.
   */
  public static final Duration KEEPALIVE_TIME = Duration.ofSeconds(30);

  /** How long the server waits for a ping's answer. */
  public static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Starts serving on {@code address} (port 0 picks a free one).
   *
   * @throws IOException naming the address when it cannot be bound
   */
  public static RegistryServer start(RegistryNode node, InetSocketAddress address)
      throws IOException {
    return start(node, address, KEEPALIVE_TIME, KEEPALIVE_TIMEOUT);
  }

  /** As {@link #start(RegistryNode, InetSocketAddress)}, pinging clients on other times. */
  static RegistryServer start(
      RegistryNode node,
      InetSocketAddress address,
      Duration keepAliveTime,
      Duration keepAliveTimeout)
      throws IOException {
    Server server =
        NettyServerBuilder.forAddress(address)
            .addService(new RegistryService(node))
            .addService(new RegistryQueryService(node))
            .permitKeepAliveTime(5, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      String reason = inUse(e) ? "the address is in use or not local" : e.getMessage();
      throw new IOException(
          "registry API cannot listen on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + ": "
              + reason,
          e);
    }
    return new RegistryServer(server);
  }

  /** A bind failure, as the JDK or Netty's native transport reports it. */
  private static boolean inUse(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("in use"))) {
        return true;
      }
    }
    return false;
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /**
   * Stops serving. Sessions and watches are long-lived streams, so they are cut after a short
   * grace: clients see a broken stream, reconnect (to another replica, or to this one when it is
   * back) and publish again before their old sessions expire.
   */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(200, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
