package dev.weft.controlplane;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.weft.controlplane.fixtures.CsdsReader;
import dev.weft.controlplane.fixtures.EchoProvider;
import dev.weft.controlplane.fixtures.ProxylessClient;
import dev.weft.controlplane.fixtures.RegistryPublisher;
import dev.weft.controlplane.fixtures.SharedStore;
import dev.weft.controlplane.fixtures.XdsBootstrap;
import dev.weft.controlplane.xds.StreamStatus;
import dev.weft.registry.client.ClientState;
import dev.weft.registry.store.memory.MemoryStore;
import dev.weft.testing.FreePorts;
import io.envoyproxy.envoy.admin.v3.ClientResourceStatus;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * grpc-java's own xDS client ({@code xds:///<dataId>}, proxyless) against Weft's control plane:
 * providers published through the registry are reached, endpoint changes are followed, CSDS shows
 * every resource ACKed, and a control-plane restart on the same port goes unnoticed by calls.
 *
 * <p>grpc-java reads its bootstrap once per JVM, so the control plane's xDS port is chosen once for
 * the class and every test starts its control plane there; the class runs in a JVM of its own.
 */
@Tag(XdsBootstrap.TAG)
class ProxylessXdsClientTest {
  private static final String NODE = "proxyless-1";
  private static final String ZONE = "zone-a";
  private static final Duration TTL = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static int xdsPort;
  private static CsdsReader csds;

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private SharedStore store;
  private ControlPlane controlPlane;
  private RegistryPublisher publisher;
  private String dataId;

  @BeforeAll
  static void bootstrap() {
    xdsPort = FreePorts.loopback();
    XdsBootstrap.install(xdsPort, NODE, "proxyless", ZONE);
    csds = new CsdsReader();
  }

  @AfterAll
  static void closeCsds() {
    csds.close();
  }

  @BeforeEach
  void start(TestInfo test) throws Exception {
    dataId = "dev.weft.test." + test.getTestMethod().orElseThrow().getName() + ":1.0";
    store = new SharedStore(new MemoryStore(TTL));
    controlPlane = startControlPlane(0);
    publisher = new RegistryPublisher(controlPlane.registryPort(), "providers", ZONE);
  }

  @AfterEach
  void stop() throws Exception {
    while (!closeables.isEmpty()) {
      closeables.pop().close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
    store.closeStore();
  }

  /** A control plane on the class's xDS port (retried while the previous one's port lingers). */
  private ControlPlane startControlPlane(int registryPort) {
    ControlPlaneSettings settings =
        ControlPlaneSettings.loopback(store)
            .withXdsAddress(new InetSocketAddress("127.0.0.1", xdsPort));
    ControlPlaneSettings onRegistryPort =
        new ControlPlaneSettings(
            settings.xdsAddress(),
            new InetSocketAddress("127.0.0.1", registryPort),
            settings.adminAddress(),
            store,
            settings.quiet(),
            settings.maxDelay());
    AtomicReference<ControlPlane> started = new AtomicReference<>();
    try {
      // In the test's thread: a slow start that succeeds is never abandoned with the port taken.
      await()
          .atMost(WAIT)
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(
              () -> {
                started.set(ControlPlane.start(onRegistryPort));
                return true;
              });
    } catch (ConditionTimeoutException e) {
      if (started.get() == null) {
        throw e;
      }
    }
    return started.get();
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  private EchoProvider provider() throws IOException {
    return closing(EchoProvider.start());
  }

  /**
   * The first call on a new channel, which waits for the whole xDS resolution (LDS, RDS, CDS, EDS);
   * when it fails, what the client and the server hold is in the message.
   */
  private int firstCall(ProxylessClient client) {
    try {
      return client.call(WAIT);
    } catch (StatusRuntimeException e) {
      throw new AssertionError(
          "the first call failed; CSDS: "
              + csds.resources(client.target())
              + "; the server's streams: "
              + controlPlane.xds().streams(),
          e);
    }
  }

  /** The ports of the providers that answered {@code calls} calls. */
  private static Set<Integer> served(ProxylessClient client, int calls) {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < calls; i++) {
      ports.add(client.call());
    }
    return ports;
  }

  private static Set<Integer> ports(EchoProvider... providers) {
    Set<Integer> ports = new HashSet<>();
    for (EchoProvider provider : providers) {
      ports.add(provider.port());
    }
    return ports;
  }

  /** Waits until round-robin calls reach exactly {@code providers}. */
  private static void awaitServedBy(ProxylessClient client, EchoProvider... providers) {
    Set<Integer> expected = ports(providers);
    await().atMost(WAIT).until(() -> served(client, 4 * providers.length), expected::equals);
  }

  @Test
  void callsReachTheProvidersPublishedInTheRegistry() throws Exception {
    EchoProvider first = provider();
    EchoProvider second = provider();
    publisher.publish(dataId, first);
    publisher.publish(dataId, second);

    ProxylessClient client = closing(new ProxylessClient(dataId));
    assertThat(ports(first, second)).contains(firstCall(client));
    awaitServedBy(client, first, second);
  }

  @Test
  void theClientFollowsEndpointsAsTheyAreAddedAndRemoved() throws Exception {
    EchoProvider first = provider();
    publisher.publish(dataId, first);
    ProxylessClient client = closing(new ProxylessClient(dataId));
    assertThat(firstCall(client)).isEqualTo(first.port());

    EchoProvider second = provider();
    publisher.publish(dataId, second);
    awaitServedBy(client, first, second);

    publisher.unpublish(dataId, first);
    awaitServedBy(client, second);
    int firstCalls = first.calls();
    assertThat(served(client, 20)).containsExactly(second.port());
    assertThat(first.calls()).as("calls to the removed provider").isEqualTo(firstCalls);

    EchoProvider third = provider();
    publisher.publish(dataId, third);
    publisher.unpublish(dataId, second);
    awaitServedBy(client, third);
  }

  @Test
  void csdsReportsListenerRouteClusterAndEndpointsAcked() throws Exception {
    EchoProvider provider = provider();
    publisher.publish(dataId, provider);
    ProxylessClient client = closing(new ProxylessClient(dataId));
    assertThat(firstCall(client)).isEqualTo(provider.port());

    await().atMost(WAIT).untilAsserted(() -> assertAllAcked(client));
    assertThat(csds.resources(client.target()))
        .allSatisfy(
            r -> {
              assertThat(r.version()).as(r.typeUrl() + " version").isNotEmpty();
              assertThat(r.error()).as(r.typeUrl() + " NACK text").isEmpty();
            });
  }

  @Test
  void callsKeepWorkingThroughAControlPlaneRestartOnTheSamePort() throws Exception {
    EchoProvider first = provider();
    publisher.publish(dataId, first);
    ProxylessClient client = closing(new ProxylessClient(dataId));
    assertThat(firstCall(client)).isEqualTo(first.port());
    await().atMost(WAIT).untilAsserted(() -> assertAllAcked(client));
    Map<String, String> versions = versions(client);

    int registryPort = controlPlane.registryPort();
    controlPlane.close();
    controlPlane = null;
    await().atMost(WAIT).until(() -> publisher.states().contains(ClientState.DISCONNECTED));
    // The client keeps what it was given: calls go on without waiting for a control plane.
    for (int i = 0; i < 10; i++) {
      assertThat(client.callFailFast()).isEqualTo(first.port());
    }

    controlPlane = startControlPlane(registryPort);
    await()
        .atMost(WAIT)
        .until(() -> controlPlane.xds().streams(), s -> s.stream().anyMatch(this::isOurs));
    for (int i = 0; i < 10; i++) {
      assertThat(client.callFailFast()).isEqualTo(first.port());
    }
    await().atMost(WAIT).untilAsserted(() -> assertAllAcked(client));
    assertThat(versions(client))
        .as("content-hash versions are the same on the new control plane")
        .isEqualTo(versions);

    // The new control plane pushes: a provider published after the restart is reached.
    await()
        .atMost(WAIT)
        .until(() -> publisher.states(), s -> s.get(s.size() - 1) == ClientState.OPEN);
    EchoProvider second = provider();
    publisher.publish(dataId, second);
    awaitServedBy(client, first, second);
    await().atMost(WAIT).untilAsserted(() -> assertAllAcked(client));
    assertThat(versions(client).get(ENDPOINT_TYPE_URL))
        .isNotEqualTo(versions.get(ENDPOINT_TYPE_URL));
  }

  private boolean isOurs(StreamStatus stream) {
    return stream.nodeId().equals(NODE);
  }

  private void assertAllAcked(ProxylessClient client) {
    assertThat(csds.resources(client.target()))
        .extracting(
            CsdsReader.Resource::typeUrl, CsdsReader.Resource::name, CsdsReader.Resource::status)
        .containsExactlyInAnyOrder(
            tuple(LISTENER_TYPE_URL, dataId, ClientResourceStatus.ACKED),
            tuple(ROUTE_TYPE_URL, dataId, ClientResourceStatus.ACKED),
            tuple(CLUSTER_TYPE_URL, dataId, ClientResourceStatus.ACKED),
            tuple(ENDPOINT_TYPE_URL, dataId, ClientResourceStatus.ACKED));
  }

  /** The client's accepted version by type URL. */
  private static Map<String, String> versions(ProxylessClient client) {
    List<CsdsReader.Resource> resources = csds.resources(client.target());
    return resources.stream()
        .collect(Collectors.toMap(CsdsReader.Resource::typeUrl, CsdsReader.Resource::version));
  }
}
