package dev.weft.dataplane.admin;

import static dev.weft.dataplane.TestConfigs.cluster;
import static dev.weft.dataplane.TestConfigs.local;
import static dev.weft.dataplane.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.weft.dataplane.config.AccessLogConfig;
import dev.weft.dataplane.config.Cidr;
import dev.weft.dataplane.config.ClusterConfig;
import dev.weft.dataplane.config.FilterConfig;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.HostPort;
import dev.weft.dataplane.config.ListenerConfig;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.SidecarConfig;
import dev.weft.dataplane.config.TcpProxyConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The MOSN shape of the less common config parts, and the redaction of secrets. */
class ConfigDumpTest {
  /** A filter config the dump has no code for, holding a secret. */
  record FakeTlsConfig(
      String privateKey, String certChain, Duration refreshInterval, Optional<String> sni) {}

  private final ConfigDump dump = new ConfigDump(Optional.of(new HostPort("127.0.0.1", 34901)));

  private JsonObject answer(SidecarConfig config, Map<String, List<String>> query) {
    AdminResponse response = dump.answer(config, query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private static SidecarConfig config() {
    ListenerConfig tcp =
        new ListenerConfig(
            "tcp_in",
            ListenerConfig.ListenerType.INGRESS,
            new HostPort("0.0.0.0", 2046),
            true,
            Optional.of(Duration.ofSeconds(90)),
            List.of(
                new FilterConfig(
                    "tcp_proxy",
                    new TcpProxyConfig(
                        "tcp",
                        "backend",
                        Optional.of(Duration.ofSeconds(2)),
                        3,
                        List.of(
                            new TcpProxyConfig.Route(
                                "backend", List.of(Cidr.parse("10.0.0.0/8")), List.of()))))),
            List.of(
                new FilterConfig(
                    "fake_tls",
                    new FakeTlsConfig(
                        "-----BEGIN PRIVATE KEY-----",
                        "cert.pem",
                        Duration.ofSeconds(30),
                        Optional.empty()))),
            List.of(new AccessLogConfig("stdout", "%start_time%")));
    RouteAction.Forward weighted =
        new RouteAction.Forward(
            new RouteAction.WeightedClusters(
                List.of(
                    new RouteAction.WeightedCluster("backend", 90, Map.of("version", "v1")),
                    new RouteAction.WeightedCluster("canary", 10, Map.of()))),
            Duration.ofMillis(1500),
            Optional.of(
                new RouteAction.RetryPolicy(
                    true, 2, Optional.of(Duration.ofMillis(300)), List.of(503))),
            List.of(new RouteAction.HeaderHash("x-user")),
            Map.of(),
            Optional.of("/v2"),
            Optional.empty(),
            Optional.empty());
    RouterConfig router =
        new RouterConfig(
            "rich",
            List.of(
                new VirtualHostConfig(
                    "svc",
                    List.of("svc.local", "*"),
                    List.of(
                        route(
                            new RouteMatch(
                                Optional.of(new RouteMatch.Exact("/exact")),
                                List.of(
                                    new RouteMatch.HeaderMatcher("x-env", "prod", false, true))),
                            weighted),
                        route(
                            new RouteMatch(Optional.of(new RouteMatch.Regex("/r.*")), List.of()),
                            new RouteAction.Redirect(
                                301, Optional.of("https"), Optional.empty(), Optional.of("/new"))),
                        route(
                            new RouteMatch(Optional.empty(), List.of()),
                            new RouteAction.DirectResponse(418, "teapot"))),
                    HeaderMutations.NONE,
                    HeaderMutations.NONE)),
            new HeaderMutations(
                List.of(new HeaderMutations.HeaderValue("x-a", "1", true)), List.of()),
            new HeaderMutations(List.of(), List.of("server")));
    ClusterConfig canary = cluster("canary", "LB_RANDOM", local(9));
    ClusterConfig subset =
        new ClusterConfig(
            "backend",
            "SIMPLE",
            "LB_ROUNDROBIN",
            List.of(new ClusterConfig.HostConfig(local(8080), "b1", 5, Map.of("version", "v1"))),
            new ClusterConfig.CircuitBreakers(10, 0, 0, 0),
            Duration.ofSeconds(3),
            Optional.of(Duration.ofMinutes(1)),
            100,
            2,
            Optional.of(
                new ClusterConfig.LbSubsetConfig(
                    ClusterConfig.FallbackPolicy.ANY_ENDPOINT,
                    Map.of(),
                    List.of(List.of("version")))));
    return new SidecarConfig(
        List.of(tcp), List.of(router), List.of(subset, canary), Optional.empty());
  }

  @Test
  void tcpProxyIdleTimeoutIsNanosecondsAndListenerPartsUseMosnKeys() {
    JsonObject listener = answer(config(), Map.of("listener", List.of("tcp_in")));

    assertThat(listener.get("type").getAsString()).isEqualTo("ingress");
    assertThat(listener.get("connection_idle_timeout").getAsString()).isEqualTo("1m30s");
    JsonObject tcp =
        listener
            .getAsJsonArray("filter_chains")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("filters")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("config");
    assertThat(tcp.get("idle_timeout").getAsLong()).isEqualTo(2_000_000_000L);
    assertThat(tcp.get("max_connect_attempts").getAsInt()).isEqualTo(3);
    JsonObject source =
        tcp.getAsJsonArray("routes")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("source_addrs")
            .get(0)
            .getAsJsonObject();
    assertThat(source.get("address").getAsString()).isEqualTo("10.0.0.0");
    assertThat(source.get("length").getAsInt()).isEqualTo(8);
    JsonObject log = listener.getAsJsonArray("access_logs").get(0).getAsJsonObject();
    assertThat(log.get("log_path").getAsString()).isEqualTo("stdout");
    assertThat(log.get("log_format").getAsString()).isEqualTo("%start_time%");
  }

  @Test
  void anUnknownFilterConfigDumpsByComponentWithItsPrivateKeyRedacted() {
    JsonObject listener = answer(config(), Map.of("listener", List.of("tcp_in")));

    JsonObject fake =
        listener
            .getAsJsonArray("stream_filters")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("config");
    assertThat(fake.get("private_key").getAsString()).isEqualTo(Secrets.REDACTED);
    assertThat(fake.get("cert_chain").getAsString()).isEqualTo("cert.pem");
    assertThat(fake.get("refresh_interval").getAsString()).isEqualTo("30s");
    assertThat(fake.has("sni")).isFalse();
    assertThat(dump.answer(config(), Map.of()).body()).doesNotContain("BEGIN PRIVATE KEY");
  }

  @Test
  void secretsAreRedactedAtAnyDepthButEmptyOnesStayEmpty() {
    JsonObject tree =
        JsonParser.parseString(
                "{\"tls_context\":{\"private_key\":\"PEM\",\"ticket\":\"k\",\"cert_chain\":\"c\"},"
                    + "\"list\":[{\"private_key\":\"\"}]}")
            .getAsJsonObject();

    Secrets.redact(tree);

    JsonObject tls = tree.getAsJsonObject("tls_context");
    assertThat(tls.get("private_key").getAsString()).isEqualTo(Secrets.REDACTED);
    assertThat(tls.get("ticket").getAsString()).isEqualTo(Secrets.REDACTED);
    assertThat(tls.get("cert_chain").getAsString()).isEqualTo("c");
    assertThat(
            tree.getAsJsonArray("list").get(0).getAsJsonObject().get("private_key").getAsString())
        .isEmpty();
  }

  @Test
  void routesDumpWithMosnKeys() {
    JsonObject router = answer(config(), Map.of("router", List.of("rich")));

    assertThat(
            router
                .getAsJsonArray("request_headers_to_add")
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("header")
                .get("key")
                .getAsString())
        .isEqualTo("x-a");
    assertThat(router.getAsJsonArray("response_headers_to_remove").get(0).getAsString())
        .isEqualTo("server");
    JsonArray routes =
        router.getAsJsonArray("virtual_hosts").get(0).getAsJsonObject().getAsJsonArray("routers");

    JsonObject first = routes.get(0).getAsJsonObject();
    assertThat(first.getAsJsonObject("match").get("path").getAsString()).isEqualTo("/exact");
    JsonObject header =
        first.getAsJsonObject("match").getAsJsonArray("headers").get(0).getAsJsonObject();
    assertThat(header.get("regex").getAsBoolean()).isFalse();
    assertThat(header.get("invert_match").getAsBoolean()).isTrue();
    JsonObject action = first.getAsJsonObject("route");
    JsonObject backend =
        action
            .getAsJsonArray("weighted_clusters")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("cluster");
    assertThat(backend.get("name").getAsString()).isEqualTo("backend");
    assertThat(backend.get("weight").getAsInt()).isEqualTo(90);
    assertThat(
            backend
                .getAsJsonObject("metadata_match")
                .getAsJsonObject("filter_metadata")
                .getAsJsonObject("mosn.lb")
                .get("version")
                .getAsString())
        .isEqualTo("v1");
    assertThat(action.get("timeout").getAsString()).isEqualTo("1500ms");
    JsonObject retry = action.getAsJsonObject("retry_policy");
    assertThat(retry.get("retry_on").getAsBoolean()).isTrue();
    assertThat(retry.get("retry_timeout").getAsString()).isEqualTo("300ms");
    assertThat(retry.get("num_retries").getAsInt()).isEqualTo(2);
    assertThat(retry.getAsJsonArray("status_codes").get(0).getAsInt()).isEqualTo(503);
    assertThat(
            action
                .getAsJsonArray("hash_policy")
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("header")
                .get("key")
                .getAsString())
        .isEqualTo("x-user");
    assertThat(action.get("prefix_rewrite").getAsString()).isEqualTo("/v2");

    JsonObject redirect = routes.get(1).getAsJsonObject();
    assertThat(redirect.getAsJsonObject("match").get("regex").getAsString()).isEqualTo("/r.*");
    assertThat(redirect.getAsJsonObject("redirect").get("response_code").getAsInt()).isEqualTo(301);
    assertThat(redirect.getAsJsonObject("redirect").get("scheme_redirect").getAsString())
        .isEqualTo("https");
    assertThat(redirect.getAsJsonObject("redirect").get("path_redirect").getAsString())
        .isEqualTo("/new");

    JsonObject direct = routes.get(2).getAsJsonObject();
    assertThat(direct.getAsJsonObject("match").size()).isZero();
    assertThat(direct.getAsJsonObject("direct_response").get("status").getAsInt()).isEqualTo(418);
    assertThat(direct.getAsJsonObject("direct_response").get("body").getAsString())
        .isEqualTo("teapot");
  }

  @Test
  void clustersDumpLimitsSubsetsAndHostMetadata() {
    JsonObject all = answer(config(), Map.of("allclusters", List.of("")));
    assertThat(all.keySet()).containsExactly("backend", "canary");

    JsonObject backend = all.getAsJsonObject("backend");
    assertThat(backend.get("max_request_per_conn").getAsInt()).isEqualTo(100);
    assertThat(backend.get("connect_timeout").getAsString()).isEqualTo("3s");
    assertThat(backend.get("idle_timeout").getAsString()).isEqualTo("1m");
    assertThat(
            backend
                .getAsJsonArray("circuit_breakers")
                .get(0)
                .getAsJsonObject()
                .get("max_connections")
                .getAsInt())
        .isEqualTo(10);
    JsonObject subset = backend.getAsJsonObject("lb_subset_config");
    assertThat(subset.get("fall_back_policy").getAsInt()).isEqualTo(1);
    assertThat(
            subset.getAsJsonArray("subset_selectors").get(0).getAsJsonArray().get(0).getAsString())
        .isEqualTo("version");
    JsonObject host = backend.getAsJsonArray("hosts").get(0).getAsJsonObject();
    assertThat(host.get("hostname").getAsString()).isEqualTo("b1");
    assertThat(host.get("weight").getAsInt()).isEqualTo(5);
    assertThat(
            host.getAsJsonObject("metadata")
                .getAsJsonObject("filter_metadata")
                .getAsJsonObject("mosn.lb")
                .get("version")
                .getAsString())
        .isEqualTo("v1");
  }

  @Test
  void aKeyWithoutANameOrRepeatedIs400() {
    assertThat(dump.answer(config(), Map.of("router", List.of(""))).status()).isEqualTo(400);
    assertThat(dump.answer(config(), Map.of("router", List.of("a", "b"))).status()).isEqualTo(400);
  }
}
