package dev.weft.dataplane.proxy;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import dev.weft.dataplane.protocol.bolt.BoltWire;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SOFA Bolt through a real sidecar, between raw-socket clients and providers: routing on {@code
 * service}, request IDs rewritten per upstream connection and restored per client, oneway calls,
 * heartbeats and error statuses answered by the sidecar itself, and bad frames closing only their
 * connection.
 */
class BoltProxyTest {
  private static final int SERVER_EXCEPTION = 0x0002;
  static final String SERVICE = "weft.EchoService:1.0";
  static final int CONNECTION_CLOSED = 0x10;
  static final int NO_PROCESSOR = 0x06;
  static final int TIMEOUT = 0x07;

  private BoltProvider a;
  private BoltProvider b;
  private Sidecar sidecar;

  @BeforeEach
  void providers() throws IOException {
    a = new BoltProvider("A");
    b = new BoltProvider("B");
  }

  @AfterEach
  void stop() throws IOException {
    if (sidecar != null) {
      sidecar.close();
    }
    a.close();
    b.close();
  }

  @Test
  void manyConcurrentCallsWithCollidingIdsEachGetTheirOwnAnswer() throws Exception {
    start(config("bolt", forward(Optional.empty())));
    int connections = 6;
    int calls = 150;

    runConcurrently(connections, calls, false);

    List<BoltWire.Frame> seen = providerRequests();
    assertThat(seen).hasSize(connections * calls);
    assertThat(a.requests()).as("round robin reaches A").isNotEmpty();
    assertThat(b.requests()).as("round robin reaches B").isNotEmpty();
    assertUniqueIdsPerUpstreamConnection();
  }

  @Test
  void onewayRequestsAreForwardedAndNothingComesBack() throws Exception {
    start(config("bolt", forward(Optional.empty())));
    try (BoltClient client = client()) {
      for (int id = 1; id <= 3; id++) {
        client.send(echo(id, "oneway-" + id).oneway().bytes());
      }
      client.send(BoltWire.request(4).service("weft.Unknown:1.0", "echo").oneway().bytes());
      await().until(() -> a.requests().size() + b.requests().size() == 3);

      // Anything the sidecar wrote for the oneways would come before this answer.
      BoltWire.Frame ack = client.call(BoltWire.heartbeat(5).bytes());
      assertThat(ack.id()).isEqualTo(5);
      assertThat(ack.isHeartbeat()).isTrue();
      BoltWire.Frame answer = client.call(echo(6, "after").bytes());
      assertThat(answer.id()).isEqualTo(6);
      assertThat(answer.text()).isEqualTo("after");
    }
    assertThat(providerRequests())
        .filteredOn(f -> f.type() == BoltWire.TYPE_ONEWAY)
        .extracting(BoltWire.Frame::text)
        .containsExactlyInAnyOrder("oneway-1", "oneway-2", "oneway-3");
  }

  @Test
  void aClientsHeartbeatIsAnsweredByTheSidecarItself() throws Exception {
    start(config("bolt", forward(Optional.empty())));
    try (BoltClient client = client()) {
      client.send(BoltWire.heartbeat(42).bytes());
      BoltWire.Frame ack = client.read();
      assertThat(ack.type()).isEqualTo(BoltWire.TYPE_RESPONSE);
      assertThat(ack.cmdCode()).isEqualTo(BoltWire.CMD_HEARTBEAT);
      assertThat(ack.id()).isEqualTo(42);
      assertThat(ack.status()).isZero();
      assertThat(ack.length()).isEqualTo(20);
      assertThat(client.call(echo(43, "then a call").bytes()).text()).isEqualTo("then a call");
    }
    assertThat(a.heartbeats() + b.heartbeats()).isZero();
  }

  @Test
  void callsInFlightFailAtOnceWhenTheirUpstreamConnectionIsKilled() throws Exception {
    start(config("bolt", forward(Optional.empty())));
    try (BoltClient client = client()) {
      for (int id = 1; id <= 4; id++) {
        client.send(echo(id, "hold " + id).bytes()); // no timeout of their own: the route's 60 s
      }
      await().until(() -> a.heldCount() + b.heldCount() == 4);
      a.killConnections();
      b.killConnections();

      // The client reads for 20 s at most, a third of the route's timeout.
      Map<Integer, Integer> statuses = new HashMap<>();
      for (int i = 0; i < 4; i++) {
        BoltWire.Frame reply = client.read();
        assertThat(reply.cmdCode()).isEqualTo(BoltWire.CMD_RESPONSE);
        assertThat(reply.content()).isEmpty();
        statuses.put(reply.id(), reply.status());
      }
      assertThat(statuses)
          .isEqualTo(
              Map.of(
                  1,
                  CONNECTION_CLOSED,
                  2,
                  CONNECTION_CLOSED,
                  3,
                  CONNECTION_CLOSED,
                  4,
                  CONNECTION_CLOSED));
      // The connection keeps working, over new upstream connections.
      assertThat(client.call(echo(5, "again").bytes()).text()).isEqualTo("again");
    }
  }

  @Test
  void aCallWhoseUpstreamDiesIsRetriedOnTheOtherProviderWithARetryPolicy() throws Exception {
    RouteAction.RetryPolicy retry =
        new RouteAction.RetryPolicy(true, 2, Optional.empty(), List.of());
    start(config("bolt", forward(Optional.of(retry))));
    a.killOnRequest(true);
    try (BoltClient client = client()) {
      for (int id = 1; id <= 20 && a.requests().size() < 2; id++) {
        BoltWire.Frame reply = client.call(echo(id, "call " + id).bytes());
        assertThat(reply.id()).isEqualTo(id);
        assertThat(reply.status()).isZero();
        assertThat(reply.text()).isEqualTo("call " + id);
        assertThat(reply.headers()).containsEntry("provider", "B");
      }
    }
    assertThat(a.requests()).as("calls that reached the dying provider").hasSizeGreaterThan(1);
    assertThat(sidecar.stats().cluster("echo").counter("request_retry").get()).isPositive();
  }

  @Test
  void aSlowProviderGetsTheFramesOwnTimeout() throws Exception {
    start(config("bolt", forward(Optional.empty())));
    try (BoltClient client = client()) {
      BoltWire.Frame reply = client.call(echo(1, "hold me").timeout(300).bytes());
      assertThat(reply.id()).isEqualTo(1);
      assertThat(reply.status()).isEqualTo(TIMEOUT);
      await().until(() -> a.heldCount() + b.heldCount() == 1);

      // The late answer finds no call; it must not reach the client.
      a.releaseHeld();
      b.releaseHeld();
      BoltWire.Frame next = client.call(echo(1, "next").bytes());
      assertThat(next.id()).isEqualTo(1);
      assertThat(next.text()).isEqualTo("next");
    }
  }

  @Test
  void anUnknownServiceGetsAnExceptionNamingItAndNothingGoesUpstream() throws Exception {
    start(config("bolt", forward(Optional.empty())));
    try (BoltClient client = client()) {
      BoltWire.Frame unknown =
          client.call(BoltWire.request(7).service("weft.Unknown:1.0", "echo").bytes());
      assertThat(unknown.id()).isEqualTo(7);
      assertThat(unknown.status()).isEqualTo(SERVER_EXCEPTION);
      assertThat(unknown.className())
          .isEqualTo("com.alipay.remoting.rpc.exception.RpcServerException");
      assertThat(unknown.text()).contains("detailMessage").contains("service 'weft.Unknown:1.0'");
      BoltWire.Frame plain = client.call(BoltWire.request(8).content("no service").bytes());
      assertThat(plain.id()).isEqualTo(8);
      assertThat(plain.status()).isEqualTo(SERVER_EXCEPTION);
      assertThat(plain.text()).contains("no route for bolt request");
      BoltWire.Frame otherSerializer =
          client.call(BoltWire.request(9).codec(11).service("weft.Unknown:1.0", "echo").bytes());
      assertThat(otherSerializer.status()).isEqualTo(NO_PROCESSOR);
      assertThat(otherSerializer.content()).isEmpty();
    }
    assertThat(a.connections()).isEmpty();
    assertThat(b.connections()).isEmpty();
  }

  @Test
  void aMalformedFrameClosesOnlyItsOwnConnection() throws Exception {
    start(config("bolt", forward(Optional.empty())));
    try (BoltClient good = client();
        BoltClient bad = client()) {
      assertThat(good.call(echo(1, "one").bytes()).text()).isEqualTo("one");
      bad.send(BoltWire.hex("01 09 0001 01 00000001 01 000003e8 0000 0000 00000000"));
      assertThat(bad.closedByPeer()).isTrue();
      assertThat(good.call(echo(2, "two").bytes()).text()).isEqualTo("two");
    }
    assertThat(badFrames("bolt")).isEqualTo(1);
  }

  @Test
  void boltV2WithCrcEndToEnd() throws Exception {
    start(config("boltv2", forward(Optional.empty())));

    runConcurrently(3, 40, true);

    List<BoltWire.Frame> seen = providerRequests();
    assertThat(seen).hasSize(120);
    assertUniqueIdsPerUpstreamConnection();
    assertThat(seen).allSatisfy(f -> assertThat(f.crcPresent()).isTrue());
    assertThat(seen).allSatisfy(f -> assertThat(f.crcValid()).as("CRC of %s", f.id()).isTrue());
  }

  @Test
  void routeHeaderChangesReEncodeBoltV2FramesWithAFreshCrc() throws Exception {
    HeaderMutations addRequest =
        new HeaderMutations(
            List.of(new HeaderMutations.HeaderValue("x-weft", "routed", false)), List.of("type"));
    HeaderMutations addResponse =
        new HeaderMutations(
            List.of(new HeaderMutations.HeaderValue("x-weft-reply", "yes", false)), List.of());
    start(config("boltv2", serviceRoute(forward(Optional.empty()), addRequest, addResponse)));

    try (BoltClient client = client()) {
      for (int id = 1; id <= 5; id++) {
        client.send(echo(100 + id, "changed " + id).header("type", "sync").v2(true).bytes());
      }
      for (int i = 0; i < 5; i++) {
        BoltWire.Frame reply = client.read();
        assertThat(reply.crcValid()).isTrue();
        assertThat(reply.text()).isEqualTo("changed " + (reply.id() - 100));
        assertThat(reply.headers()).containsEntry("x-weft-reply", "yes");
      }
    }
    List<BoltWire.Frame> seen = providerRequests();
    assertThat(seen).hasSize(5);
    assertThat(seen).allSatisfy(f -> assertThat(f.crcValid()).isTrue());
    assertThat(seen)
        .allSatisfy(
            f ->
                assertThat(f.headers())
                    .containsEntry("x-weft", "routed")
                    .containsEntry("service", SERVICE)
                    .doesNotContainKey("type"));
  }

  @Test
  void autoDetectsBoltAndBoltV2OnAListenerThatAlsoSpeaksHttp() throws Exception {
    try (dev.weft.dataplane.ScriptedUpstream web = new dev.weft.dataplane.ScriptedUpstream("web")) {
      RouteConfig http =
          dev.weft.dataplane.TestConfigs.route(
              new RouteMatch(Optional.of(new RouteMatch.Prefix("/")), List.of()),
              dev.weft.dataplane.TestConfigs.forward("web"));
      start(
          new SidecarConfig(
              List.of(proxyListener("egress", "router", "Auto")),
              List.of(
                  router(
                      serviceRoute(
                          forward(Optional.empty()), HeaderMutations.NONE, HeaderMutations.NONE),
                      http)),
              List.of(
                  cluster("echo", "LB_ROUNDROBIN", local(a.port()), local(b.port())),
                  cluster("web", "LB_ROUNDROBIN", local(web.port()))),
              Optional.empty()));

      try (BoltClient client = client()) {
        assertThat(client.call(echo(1, "v1 on auto").bytes()).text()).isEqualTo("v1 on auto");
      }
      try (BoltClient client = client()) {
        BoltWire.Frame reply = client.call(echo(1, "v2 on auto").v2(true).bytes());
        assertThat(reply.text()).isEqualTo("v2 on auto");
        assertThat(reply.crcValid()).isTrue();
      }
      try (dev.weft.dataplane.RawHttp raw = new dev.weft.dataplane.RawHttp(address())) {
        raw.send("GET /page HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(raw.readHead()).startsWith("HTTP/1.1 200");
      }
      assertThat(web.hits("/page")).isEqualTo(1);
    }
  }

  // ----- helpers -----

  /** {@code connections} clients at once, each pipelining calls with IDs 1..{@code calls}. */
  private void runConcurrently(int connections, int calls, boolean v2) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<Map<Integer, BoltWire.Frame>>> results = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        int connection = c;
        results.add(
            pool.submit(
                () -> {
                  try (BoltClient client = client()) {
                    for (int id = 1; id <= calls; id++) {
                      BoltWire.Builder call = echo(id, "c" + connection + "-r" + id);
                      client.send((v2 ? call.v2(true) : call).bytes());
                    }
                    Map<Integer, BoltWire.Frame> replies = new HashMap<>();
                    for (int i = 0; i < calls; i++) {
                      BoltWire.Frame reply = client.read();
                      replies.put(reply.id(), reply);
                    }
                    return replies;
                  }
                }));
      }
      for (int c = 0; c < connections; c++) {
        Map<Integer, BoltWire.Frame> replies = results.get(c).get();
        assertThat(replies).hasSize(calls);
        for (int id = 1; id <= calls; id++) {
          BoltWire.Frame reply = replies.get(id);
          assertThat(reply.status()).isZero();
          assertThat(reply.text()).isEqualTo("c" + c + "-r" + id);
          assertThat(reply.headers().get("provider")).isIn("A", "B");
          if (v2) {
            assertThat(reply.crcValid()).isTrue();
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static BoltWire.Builder echo(int id, String content) {
    return BoltWire.request(id)
        .timeout(10_000)
        .className("java.lang.String")
        .service(SERVICE, "echo")
        .content(content);
  }

  private void assertUniqueIdsPerUpstreamConnection() {
    for (BoltProvider provider : List.of(a, b)) {
      for (BoltProvider.Connection upstream : provider.connections()) {
        assertThat(upstream.frames())
            .extracting(BoltWire.Frame::id)
            .as("IDs on one upstream connection of %s", provider.name())
            .doesNotHaveDuplicates();
      }
    }
  }

  private List<BoltWire.Frame> providerRequests() {
    List<BoltWire.Frame> all = new ArrayList<>(a.requests());
    all.addAll(b.requests());
    return all;
  }

  private BoltClient client() throws IOException {
    return new BoltClient(address());
  }

  private InetSocketAddress address() {
    return sidecar.listenerAddress("egress");
  }

  private long badFrames(String protocol) {
    return sidecar
        .stats()
        .set("protocol", "protocol", protocol)
        .counter("downstream_bad_frame")
        .get();
  }

  private void start(SidecarConfig config) {
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(config);
  }

  private SidecarConfig config(String protocol, RouteAction.Forward forward) {
    return config(protocol, serviceRoute(forward, HeaderMutations.NONE, HeaderMutations.NONE));
  }

  private SidecarConfig config(String protocol, RouteConfig route) {
    return new SidecarConfig(
        List.of(proxyListener("egress", "router", protocol)),
        List.of(router(route)),
        List.of(cluster("echo", "LB_ROUNDROBIN", local(a.port()), local(b.port()))),
        Optional.empty());
  }

  static RouteConfig serviceRoute(
      RouteAction.Forward forward, HeaderMutations request, HeaderMutations response) {
    return new RouteConfig(
        new RouteMatch(
            Optional.empty(),
            List.of(new RouteMatch.HeaderMatcher("service", SERVICE, false, false))),
        forward,
        request,
        response,
        Map.of());
  }

  static RouteAction.Forward forward(Optional<RouteAction.RetryPolicy> retry) {
    return new RouteAction.Forward(
        new RouteAction.NamedCluster("echo"),
        RouteAction.Forward.DEFAULT_TIMEOUT,
        retry,
        List.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static RouterConfig router(RouteConfig... routes) {
    return new RouterConfig(
        "router",
        List.of(
            new VirtualHostConfig(
                "all", List.of("*"), List.of(routes), HeaderMutations.NONE, HeaderMutations.NONE)),
        HeaderMutations.NONE,
        HeaderMutations.NONE);
  }
}
