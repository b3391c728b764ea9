package dev.weft.dataplane.proxy.tcp;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonParser;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import dev.weft.dataplane.stats.MetricSet;
import dev.weft.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tcp_proxy end to end: real sockets through a real sidecar. */
class TcpProxyTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  final List<AutoCloseable> closeables = new ArrayList<>();
  Sidecar sidecar;

  @AfterEach
  void stop() throws Exception {
    if (sidecar != null) {
      sidecar.close();
    }
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  EchoServer echo(String greeting) throws IOException {
    EchoServer server = new EchoServer(greeting);
    closeables.add(server);
    return server;
  }

  /** The transport under test: the best one here (native epoll on Linux). */
  SidecarOptions options() {
    return SidecarOptions.defaults();
  }

  /** Starts a sidecar with one tcp_proxy listener, "tcp", configured by {@code json}. */
  void startSidecar(String json, ClusterConfig... clusters) {
    sidecar = Sidecar.create(options());
    Object config =
        sidecar
            .extensions()
            .networkFilters()
            .require("tcp_proxy")
            .parse(ConfigNode.root("test.json", JsonParser.parseString(json)));
    ListenerConfig listener =
        new ListenerConfig(
            "tcp",
            ListenerConfig.ListenerType.EGRESS,
            new HostPort("127.0.0.1", 0),
            true,
            Optional.empty(),
            List.of(new FilterConfig("tcp_proxy", config)),
            List.of(),
            List.of(
                new AccessLogConfig(
                    dir.resolve("tcp.log").toString(),
                    "%protocol% %response_flag% %upstream_cluster% %bytes_received%"
                        + " %bytes_sent%")));
    sidecar.start(
        new SidecarConfig(List.of(listener), List.of(), List.of(clusters), Optional.empty()));
  }

  private Socket connect(String fromAddress) throws IOException {
    Socket socket = new Socket();
    closeables.add(socket);
    socket.setSoTimeout((int) WAIT.toMillis());
    if (fromAddress != null) {
      socket.bind(new InetSocketAddress(fromAddress, 0));
    }
    socket.connect(sidecar.listenerAddress("tcp"), (int) WAIT.toMillis());
    return socket;
  }

  MetricSet listenerStats() {
    return sidecar.stats().listener("tcp");
  }

  private MetricSet clusterStats(String name) {
    return sidecar.stats().cluster(name);
  }

  private List<String> accessLog(int lines) {
    Path file = dir.resolve("tcp.log");
    return await()
        .atMost(WAIT)
        .until(
            () -> Files.exists(file) ? Files.readAllLines(file) : List.<String>of(),
            l -> l.size() >= lines);
  }

  private static String read(Socket socket, int bytes) throws IOException {
    return new String(socket.getInputStream().readNBytes(bytes), StandardCharsets.UTF_8);
  }

  /** Whether the peer closed: end of stream, or a reset. */
  private static boolean closedByPeer(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  void severalMegabytesGoBothWaysIntactWithASlowReader() throws Exception {
    EchoServer echo = echo(null);
    startSidecar("{\"cluster\": \"echo\"}", cluster("echo", "LB_ROUNDROBIN", local(echo.port())));
    byte[] payload = payload();
    Socket client = slowClient();
    CompletableFuture<Void> writer = write(client, payload, false);

    // The client reads nothing until the sidecar has had to stop reading a side, then reads all.
    awaitBackpressure();
    byte[] digest = readDigest(client, payload.length);
    writer.get();

    assertThat(digest).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
    // Our half-close reaches the echo, whose half-close comes back as the end of the stream.
    client.shutdownOutput();
    assertThat(client.getInputStream().read()).isEqualTo(-1);
    assertThat(echo.endsSeen).hasValue(1);
    assertThat(accessLog(1)).containsExactly("TCP - echo " + payload.length + " " + payload.length);
    await().atMost(WAIT).until(() -> clusterStats("echo").gauge("connection_active").get() == 0);
    assertThat(clusterStats("echo").counter("connection_total").get()).isEqualTo(1);
    assertThat(clusterStats("echo").counter("connection_close").get()).isEqualTo(1);
  }

  static byte[] payload() {
    byte[] payload = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    return payload;
  }

  /** A client with a small, fixed receive buffer, so that the sidecar has to hold back. */
  Socket slowClient() throws IOException {
    Socket client = new Socket();
    closeables.add(client);
    client.setReceiveBufferSize(64 * 1024);
    client.setSoTimeout((int) WAIT.toMillis());
    client.connect(sidecar.listenerAddress("tcp"));
    return client;
  }

  /** Writes {@code payload} from another thread, then half-closes if asked. */
  static CompletableFuture<Void> write(Socket client, byte[] payload, boolean halfClose) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            for (int off = 0; off < payload.length; off += 64 * 1024) {
              client.getOutputStream().write(payload, off, 64 * 1024);
            }
            if (halfClose) {
              client.shutdownOutput();
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  void awaitBackpressure() {
    await().atMost(WAIT).until(() -> listenerStats().counter("tcp_proxy_read_paused").get() > 0);
  }

  /** Reads {@code bytes} bytes (or to the end of the stream when negative); returns their hash. */
  static byte[] readDigest(Socket client, long bytes) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    InputStream in = client.getInputStream();
    byte[] buffer = new byte[8 * 1024];
    long total = 0;
    while (bytes < 0 || total < bytes) {
      int want = bytes < 0 ? buffer.length : (int) Math.min(buffer.length, bytes - total);
      int n = in.read(buffer, 0, want);
      if (n == -1) {
        break;
      }
      digest.update(buffer, 0, n);
      total += n;
    }
    return digest.digest();
  }

  @Test
  void anUnreachableUpstreamClosesTheClientAfterEveryAttempt() throws Exception {
    startSidecar(
        "{\"cluster\": \"dead\", \"max_connect_attempts\": 3}",
        cluster("dead", "LB_ROUNDROBIN", local(FreePorts.loopback())));

    Socket client = connect(null);

    assertThat(closedByPeer(client)).isTrue();
    assertThat(clusterStats("dead").counter("connection_con_fail").get()).isEqualTo(3);
    assertThat(listenerStats().counter("tcp_proxy_connect_failed").get()).isEqualTo(1);
    assertThat(accessLog(1)).containsExactly("TCP UF dead 0 0");
  }

  @Test
  void aFailedConnectIsRetriedOnAnotherHost() throws Exception {
    EchoServer echo = echo(null);
    startSidecar(
        "{\"cluster\": \"mixed\", \"max_connect_attempts\": 2}",
        cluster("mixed", "LB_ROUNDROBIN", local(FreePorts.loopback()), local(echo.port())));

    for (int i = 0; i < 4; i++) {
      Socket client = connect(null);
      client.getOutputStream().write(("ping" + i).getBytes(StandardCharsets.UTF_8));
      assertThat(read(client, 5)).isEqualTo("ping" + i);
      client.close();
    }

    assertThat(clusterStats("mixed").counter("connection_con_fail").get()).isPositive();
    assertThat(listenerStats().counter("tcp_proxy_connect_failed").get()).isZero();
  }

  @Test
  void noClusterOrNoHostClosesTheClient() throws Exception {
    startSidecar(
        "{\"cluster\": \"empty\", \"routes\": [{\"cluster\": \"missing\","
            + " \"source_addrs\": [\"127.0.0.2\"]}]}",
        cluster("empty", "LB_ROUNDROBIN"));

    assertThat(closedByPeer(connect(null))).isTrue();
    assertThat(closedByPeer(connect("127.0.0.2"))).isTrue();

    assertThat(listenerStats().counter("tcp_proxy_no_healthy_upstream").get()).isEqualTo(1);
    assertThat(listenerStats().counter("tcp_proxy_no_cluster").get()).isEqualTo(1);
    assertThat(accessLog(2)).containsExactlyInAnyOrder("TCP UH empty 0 0", "TCP NC missing 0 0");
  }

  @Test
  void theConnectionCircuitBreakerRefusesConnectionsOverItsLimit() throws Exception {
    EchoServer echo = echo(null);
    ClusterConfig limited = cluster("limited", "LB_ROUNDROBIN", local(echo.port()));
    limited =
        new ClusterConfig(
            limited.name(),
            limited.type(),
            limited.lbType(),
            limited.hosts(),
            new ClusterConfig.CircuitBreakers(1, 0, 0, 0),
            limited.connectTimeout(),
            limited.idleTimeout(),
            limited.maxRequestsPerConnection(),
            limited.choiceCount(),
            limited.subset());
    startSidecar("{\"cluster\": \"limited\"}", limited);

    Socket first = connect(null);
    first.getOutputStream().write('a');
    assertThat(read(first, 1)).isEqualTo("a");
    Socket second = connect(null);

    assertThat(closedByPeer(second)).isTrue();
    assertThat(listenerStats().counter("tcp_proxy_upstream_overflow").get()).isEqualTo(1);
    first.getOutputStream().write('b');
    assertThat(read(first, 1)).isEqualTo("b");
  }

  @Test
  void anIdleConnectionIsClosedOnBothSides() throws Exception {
    EchoServer echo = echo(null);
    // MOSN's form: nanoseconds as an integer (300ms).
    startSidecar(
        "{\"cluster\": \"echo\", \"idle_timeout\": 300000000}",
        cluster("echo", "LB_ROUNDROBIN", local(echo.port())));

    Socket client = connect(null);
    client.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
    assertThat(read(client, 2)).isEqualTo("hi");

    assertThat(closedByPeer(client)).isTrue();
    await().atMost(WAIT).until(() -> echo.endsSeen.get() == 1);
    assertThat(listenerStats().counter("tcp_proxy_idle_timeout").get()).isEqualTo(1);
  }

  @Test
  void aRouteByDestinationAddressPicksItsCluster() throws Exception {
    EchoServer a = echo("A");
    EchoServer b = echo("B");
    startSidecar(
        "{\"cluster\": \"a\", \"routes\": ["
            + "{\"cluster\": \"b\", \"destination_addrs\": [\"10.0.0.0/8\"]},"
            + "{\"cluster\": \"b\", \"destination_addrs\": [{\"address\": \"127.0.0.1\","
            + " \"length\": 32}]}]}",
        cluster("a", "LB_ROUNDROBIN", local(a.port())),
        cluster("b", "LB_ROUNDROBIN", local(b.port())));

    assertThat(read(connect(null), 1)).isEqualTo("B");
  }

  @Test
  void aRouteBySourceAddressPicksItsClusterAndOthersTakeTheDefault() throws Exception {
    EchoServer a = echo("A");
    EchoServer b = echo("B");
    startSidecar(
        "{\"cluster\": \"a\", \"routes\": [{\"cluster\": \"b\","
            + " \"source_addrs\": [{\"address\": \"127.0.0.2\", \"length\": 32}]}]}",
        cluster("a", "LB_ROUNDROBIN", local(a.port())),
        cluster("b", "LB_ROUNDROBIN", local(b.port())));

    assertThat(read(connect("127.0.0.2"), 1)).isEqualTo("B");
    assertThat(read(connect("127.0.0.1"), 1)).isEqualTo("A");
    assertThat(a.accepted).hasValue(1);
    assertThat(b.accepted).hasValue(1);
  }

  @Test
  void aHalfCloseFromTheUpstreamReachesTheClientWhichMayStillSend() throws Exception {
    EchoServer echo = echo("hello");
    startSidecar("{\"cluster\": \"echo\"}", cluster("echo", "LB_ROUNDROBIN", local(echo.port())));

    Socket client = connect(null);
    assertThat(read(client, 5)).isEqualTo("hello");
    client.getOutputStream().write("more".getBytes(StandardCharsets.UTF_8));
    assertThat(read(client, 4)).isEqualTo("more");
    client.shutdownOutput();

    // The echo half-closes back after our FIN; we read the end of stream, not a reset.
    assertThat(client.getInputStream().read()).isEqualTo(-1);
    assertThat(echo.endsSeen).hasValue(1);
  }
}
