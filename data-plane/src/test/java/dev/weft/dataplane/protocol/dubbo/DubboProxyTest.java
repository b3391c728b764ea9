package dev.weft.dataplane.protocol.dubbo;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.forward;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.proxyListener;
import static dev.weft.dataplane.TestConfigs.route;
import static dev.weft.dataplane.TestConfigs.router;
import static dev.weft.dataplane.protocol.dubbo.DubboTestFrames.call;
import static dev.weft.dataplane.protocol.dubbo.DubboTestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.server.Sidecar;
import dev.weft.dataplane.server.SidecarOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dubbo end to end through a real sidecar: raw-socket consumers on one side, raw-socket providers
 * ("green" and "blue") on the other. Routes: {@code probe.GreetingService} in group {@code blue} to
 * blue, the rest of it to green; {@code probe.SlowService} to green with a 300 ms timeout. A second
 * listener speaks {@code Auto} and forwards everything to green.
 */
class DubboProxyTest {
  private static final String GREETING = "probe.GreetingService";
  private static final String SLOW = "probe.SlowService";

  private RawDubboProvider green;
  private RawDubboProvider blue;
  private Sidecar sidecar;
  private final List<RawDubboClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    green = new RawDubboProvider("green");
    blue = new RawDubboProvider("blue");
    sidecar = Sidecar.create(SidecarOptions.defaults());
    sidecar.start(
        new SidecarConfig(
            List.of(
                proxyListener("egress", "dubbo_router", "dubbo"),
                proxyListener("opaque", "catch_all", "Auto")),
            List.of(
                router(
                    "dubbo_router",
                    headerRoute(forward("blue"), "service", GREETING, "group", "blue"),
                    headerRoute(forward("green"), "service", GREETING),
                    headerRoute(slowForward("green"), "service", SLOW)),
                router("catch_all", headerRoute(forward("green")))),
            List.of(
                cluster("green", "LB_ROUNDROBIN", local(green.port())),
                cluster("blue", "LB_ROUNDROBIN", local(blue.port()))),
            Optional.empty()));
  }

  @AfterEach
  void stop() throws Exception {
    for (RawDubboClient client : clients) {
      client.close();
    }
    sidecar.close();
    green.close();
    blue.close();
  }

  private static RouteConfig headerRoute(RouteAction action, String... nameValues) {
    List<RouteMatch.HeaderMatcher> headers = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers.add(new RouteMatch.HeaderMatcher(nameValues[i], nameValues[i + 1], false, false));
    }
    return route(new RouteMatch(Optional.empty(), headers), action);
  }

  private static RouteAction.Forward slowForward(String cluster) {
    RouteAction.Forward f = forward(cluster);
    return new RouteAction.Forward(
        f.cluster(),
        Duration.ofMillis(300),
        f.retry(),
        f.hashPolicies(),
        f.metadataMatch(),
        f.prefixRewrite(),
        f.hostRewrite(),
        f.upstreamProtocol());
  }

  private RawDubboClient connect(String listener) throws Exception {
    InetSocketAddress address = sidecar.listenerAddress(listener);
    RawDubboClient client =
        new RawDubboClient(new InetSocketAddress("127.0.0.1", address.getPort()));
    clients.add(client);
    return client;
  }

  private static byte[] greet(String text) {
    return call(GREETING, "sayHello", text, Map.of());
  }

  @Test
  void aCallIsForwardedAndAnsweredUnderTheClientsId() throws Exception {
    RawDubboClient client = connect("egress");
    RawFrame answer = client.call(0xd9c67befd743a47aL, greet("hello"));
    assertThat(answer.flag()).isEqualTo(0x02);
    assertThat(answer.status()).isEqualTo(20);
    assertThat(answer.id()).isEqualTo(0xd9c67befd743a47aL);
    assertThat(answer.value()).isEqualTo("green|hello");
    assertThat(green.requestIds).doesNotContain(0xd9c67befd743a47aL);
  }

  @Test
  void concurrentCallsWithCollidingIdsEachGetTheirOwnAnswer() throws Exception {
    int connections = 4;
    int callsEach = 250;
    long[] ids = new long[callsEach];
    long[] special = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
    Random random = new Random(42);
    for (int i = 0; i < callsEach; i++) {
      ids[i] = i < special.length ? special[i] : random.nextLong(); // the same on every connection
    }
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<Map<Long, String>>> results = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        RawDubboClient client = connect("egress");
        int conn = c;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < callsEach; i++) {
                    Map<String, String> group = i % 2 == 0 ? Map.of("group", "blue") : Map.of();
                    byte[] body = call(GREETING, "sayHello", conn + "-" + i, group);
                    client.send(frame(DubboTestFrames.TWO_WAY_HESSIAN2, 0, ids[i], body));
                  }
                  Map<Long, String> answers = new HashMap<>();
                  for (int i = 0; i < callsEach; i++) {
                    RawFrame answer = client.read();
                    assertThat(answer.status()).isEqualTo(20);
                    answers.put(answer.id(), answer.value());
                  }
                  return answers;
                }));
      }
      for (int c = 0; c < connections; c++) {
        Map<Long, String> answers = results.get(c).get();
        assertThat(answers).hasSize(callsEach);
        for (int i = 0; i < callsEach; i++) {
          String provider = i % 2 == 0 ? "blue" : "green";
          assertThat(answers.get(ids[i])).isEqualTo(provider + "|" + c + "-" + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(green.requestIds.size() + blue.requestIds.size()).isEqualTo(connections * callsEach);
  }

  @Test
  void callsAreRoutedByServiceAndGroup() throws Exception {
    RawDubboClient client = connect("egress");
    assertThat(client.call(1, call(GREETING, "sayHello", "a", Map.of("group", "blue"))).value())
        .isEqualTo("blue|a");
    assertThat(client.call(2, call(GREETING, "sayHello", "b", Map.of("group", "gold"))).value())
        .isEqualTo("green|b");
    assertThat(client.call(3, call(GREETING, "sayHello", "c", Map.of())).value())
        .isEqualTo("green|c");
  }

  @Test
  void anUnknownServiceIsServiceNotFoundNamingIt() throws Exception {
    RawDubboClient client = connect("egress");
    RawFrame answer = client.call(-8, call("probe.UnknownService", "sayHello", "x", Map.of()));
    assertThat(answer.id()).isEqualTo(-8);
    assertThat(answer.flag()).isEqualTo(0x02);
    assertThat(answer.status()).isEqualTo(60);
    assertThat(answer.errorMessage()).contains("no route").contains("probe.UnknownService");
  }

  @Test
  void onewayCallsReachTheProviderAndGetNoAnswer() throws Exception {
    RawDubboClient client = connect("egress");
    client.send(
        frame(DubboTestFrames.ONEWAY_HESSIAN2, 0, 11, call(GREETING, "notify", "fire", Map.of())));
    RawFrame answer = client.call(12, greet("after"));
    assertThat(answer.id()).as("the first answer is the two-way call's").isEqualTo(12);
    await().atMost(Duration.ofSeconds(10)).until(() -> green.oneways.contains("fire"));
  }

  @Test
  void clientHeartbeatsAreAnsweredByTheSidecar() throws Exception {
    RawDubboClient client = connect("egress");
    client.send(DubboTestFrames.heartbeatRequest(-3));
    RawFrame pong = client.read();
    assertThat(pong.bytes()).isEqualTo(frame(0x22, 20, -3, new byte[] {'N'}));
    assertThat(client.call(4, greet("x")).value()).isEqualTo("green|x");
    assertThat(green.events.get()).as("no heartbeat forwarded").isZero();
  }

  @Test
  void callsInFlightFailAtOnceWhenTheUpstreamConnectionIsLost() throws Exception {
    RawDubboClient client = connect("egress");
    assertThat(client.call(1, greet("warm")).status()).isEqualTo(20);
    for (int i = 0; i < 3; i++) {
      client.send(
          frame(
              DubboTestFrames.TWO_WAY_HESSIAN2, 0, 100 + i, call(GREETING, "hold", "h", Map.of())));
    }
    client.send(
        frame(DubboTestFrames.TWO_WAY_HESSIAN2, 0, 200, call(GREETING, "die", "d", Map.of())));
    // The route's timeout is 60 s and the client gives up after 20: these answers are the
    // connection loss, not a timeout.
    List<Long> failed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RawFrame answer = client.read();
      assertThat(answer.status()).isEqualTo(70);
      assertThat(answer.errorMessage()).contains(GREETING);
      failed.add(answer.id());
    }
    assertThat(failed).containsExactlyInAnyOrder(100L, 101L, 102L, 200L);
    assertThat(client.call(2, greet("again")).value()).isEqualTo("green|again");
  }

  @Test
  void aTimeoutIsServerTimeoutNamingTheService() throws Exception {
    RawDubboClient client = connect("egress");
    RawFrame answer = client.call(77, call(SLOW, "hold", "x", Map.of()));
    assertThat(answer.id()).isEqualTo(77);
    assertThat(answer.status()).isEqualTo(31);
    assertThat(answer.errorMessage()).contains("timeout").contains(SLOW);
  }

  @Test
  void aProviderGoingReadonlyGetsNoNewCallsOnThatConnection() throws Exception {
    RawDubboClient client = connect("egress");
    assertThat(client.call(1, greet("warm")).value()).isEqualTo("green|warm");
    int connections = green.accepted.get();
    assertThat(client.call(2, call(GREETING, "readonly", "r", Map.of())).value())
        .isEqualTo("green|r");
    await().atMost(Duration.ofSeconds(10)).until(() -> green.closed.get() == 1);
    assertThat(client.call(3, greet("next")).value()).isEqualTo("green|next");
    assertThat(green.accepted.get()).isEqualTo(connections + 1);
  }

  @Test
  void otherSerializationsAreForwardedOpaqueButCannotMatchServiceRoutes() throws Exception {
    byte[] body = {1, 2, 3, 4, 5};
    int fastjson2 = 23;
    RawDubboClient raw = connect("opaque");
    raw.send(frame(0xc0 | fastjson2, 0, 6, body));
    RawFrame answer = raw.read();
    assertThat(answer.id()).isEqualTo(6);
    assertThat(answer.flag()).isEqualTo(fastjson2);
    assertThat(answer.status()).isEqualTo(20);
    assertThat(answer.body()).isEqualTo(body);

    RawDubboClient routed = connect("egress");
    routed.send(frame(0xc0 | fastjson2, 0, 7, body));
    RawFrame refused = routed.read();
    assertThat(refused.id()).isEqualTo(7);
    assertThat(refused.flag()).isEqualTo(0x02);
    assertThat(refused.status()).isEqualTo(60);
    assertThat(refused.errorMessage()).contains("serialization 23");
  }

  @Test
  void autoDetectsDubbo() throws Exception {
    RawDubboClient client = connect("opaque");
    assertThat(client.call(9, greet("auto")).value()).isEqualTo("green|auto");
  }
}
