package dev.weft.dataplane.config.mosn;

import static dev.weft.dataplane.config.mosn.ConfigJson.ROUTE;
import static dev.weft.dataplane.config.mosn.ConfigJson.ROUTER;
import static dev.weft.dataplane.config.mosn.ConfigJson.VHOST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.HeaderMutations.HeaderValue;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterParserTest {
  @TempDir Path dir;

  private static RouteConfig route(ConfigJson json) {
    return json.ok().config().routers().get(0).virtualHosts().get(0).routes().get(0);
  }

  private static RouteAction.Forward forward(ConfigJson json) {
    return (RouteAction.Forward) route(json).action();
  }

  @Test
  void parsesARouterWithHeaderListsAtEveryLevel() {
    String add = "[{\"header\": {\"key\": \"x-a\", \"value\": \"1\"}, \"append\": false}]";
    RouterConfig router =
        ConfigJson.base()
            .setJson(ROUTER + ".request_headers_to_add", add)
            .setJson(ROUTER + ".response_headers_to_remove", "[\"server\"]")
            .setJson(
                VHOST + ".response_headers_to_add",
                "[{\"header\": {\"key\": \"x-b\", \"value\": \"2\"}}]")
            .setJson(ROUTE + ".route.request_headers_to_remove", "[\"x-c\"]")
            .ok()
            .config()
            .routers()
            .get(0);

    assertThat(router.name()).isEqualTo("egress_router");
    assertThat(router.requestHeaders())
        .isEqualTo(new HeaderMutations(List.of(new HeaderValue("x-a", "1", false)), List.of()));
    assertThat(router.responseHeaders())
        .isEqualTo(new HeaderMutations(List.of(), List.of("server")));
    VirtualHostConfig vhost = router.virtualHosts().get(0);
    assertThat(vhost.name()).isEqualTo("all");
    assertThat(vhost.domains()).containsExactly("*");
    assertThat(vhost.responseHeaders().add()).containsExactly(new HeaderValue("x-b", "2", true));
    assertThat(vhost.routes().get(0).requestHeaders().remove()).containsExactly("x-c");
  }

  @Test
  void headerValuesWithVariablesAreRefused() {
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTER + ".request_headers_to_add",
                    "[{\"header\": {\"key\": \"x-a\", \"value\": \"%downstream_remote_address%\"}}]")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].request_headers_to_add[0].header.value: not"
                + " supported by Weft: variables in header values (%downstream_remote_address%)");
  }

  @Test
  void aForwardRouteWithDefaults() {
    RouteConfig route = route(ConfigJson.base());

    assertThat(route.match())
        .isEqualTo(new RouteMatch(Optional.of(new RouteMatch.Prefix("/")), List.of()));
    assertThat(route.action())
        .isEqualTo(
            new RouteAction.Forward(
                new RouteAction.NamedCluster("backend"),
                RouteAction.Forward.DEFAULT_TIMEOUT,
                Optional.empty(),
                List.of(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    assertThat(forward(ConfigJson.base().set(ROUTE + ".route.timeout", "0s")).timeout())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(forward(ConfigJson.base().set(ROUTE + ".route.timeout", "1.5s")).timeout())
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void theFirstPathMatcherWinsAsInMosnWithAWarning() {
    ConfigJson json =
        ConfigJson.base()
            .setJson(ROUTE + ".match", "{\"prefix\": \"\", \"path\": \"/a\", \"regex\": \"/b.*\"}");

    assertThat(route(json).match().path()).contains(new RouteMatch.Exact("/a"));
    assertThat(json.ok().warnings())
        .containsExactly(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].match.regex: ignored:"
                + " \"path\" is set and wins, as in MOSN");
  }

  @Test
  void headerMatchesUseMosnsBooleanRegex() {
    ConfigJson json =
        ConfigJson.base()
            .setJson(
                ROUTE + ".match",
                "{\"headers\": [{\"name\": \"service\", \"value\": \".*\"},"
                    + " {\"name\": \"v\", \"value\": \"1\\\\.[0-9]\", \"regex\": true}]}");

    assertThat(route(json).match())
        .isEqualTo(
            new RouteMatch(
                Optional.empty(),
                List.of(
                    new HeaderMatcher("service", ".*", false, false),
                    new HeaderMatcher("v", "1\\.[0-9]", true, false))));
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".match.headers",
                    "[{\"name\": \"v\", \"value\": \"1\", \"regex\": \"1.*\"}]")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].match.headers[0].regex:"
                + " expected true or false (in MOSN, headers[].regex says whether \"value\" is a"
                + " regular expression), got \"1.*\"");
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".match.headers",
                    "[{\"name\": \"v\", \"value\": \"(\", \"regex\": true}]")
                .error())
        .startsWith(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].match.headers[0].value:"
                + " invalid regular expression: ");
  }

  @Test
  void variableAndDslMatchesAreRefused() {
    assertThat(
            ConfigJson.base()
                .setJson(ROUTE + ".match.variables", "[{\"name\": \"x\", \"value\": \"y\"}]")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].match.variables: not"
                + " supported by Weft: variable matches");
  }

  @Test
  void retryPoliciesUseMosnsBooleanAndMinimumBudget() {
    RouteAction.Forward forward =
        forward(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".route.retry_policy",
                    "{\"retry_on\": true, \"retry_timeout\": \"2s\", \"num_retries\": 1,"
                        + " \"status_codes\": [503]}"));

    assertThat(forward.retry())
        .contains(
            new RouteAction.RetryPolicy(true, 3, Optional.of(Duration.ofSeconds(2)), List.of(503)));
    assertThat(
            ConfigJson.base()
                .setJson(ROUTE + ".route.retry_policy", "{\"retry_on\": \"5xx\"}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route.retry_policy"
                + ".retry_on: expected true or false (MOSN's retry_on is a boolean), got \"5xx\"");
  }

  @Test
  void weightedClustersHashPoliciesAndRewrites() {
    RouteAction.Forward forward =
        forward(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".route",
                    "{\"weighted_clusters\": [{\"cluster\": {\"name\": \"backend\", \"weight\": 90}},"
                        + " {\"cluster\": {\"name\": \"backend\", \"weight\": 10, \"metadata_match\":"
                        + " {\"filter_metadata\": {\"mosn.lb\": {\"version\": \"v2\"}}}}}],"
                        + " \"hash_policy\": [{\"header\": {\"key\": \"x-user\"}}, {\"source_ip\": {}}],"
                        + " \"prefix_rewrite\": \"/v2/\", \"host_rewrite\": \"example.com\","
                        + " \"upstream_protocol\": \"Http1\"}"));

    assertThat(forward.cluster())
        .isEqualTo(
            new RouteAction.WeightedClusters(
                List.of(
                    new RouteAction.WeightedCluster("backend", 90, Map.of()),
                    new RouteAction.WeightedCluster("backend", 10, Map.of("version", "v2")))));
    assertThat(forward.hashPolicies())
        .containsExactly(new RouteAction.HeaderHash("x-user"), new RouteAction.SourceIpHash());
    assertThat(forward.prefixRewrite()).contains("/v2/");
    assertThat(forward.hostRewrite()).contains("example.com");
    assertThat(forward.upstreamProtocol()).contains("Http1");
  }

  @Test
  void refusedActionFeatures() {
    assertThat(
            ConfigJson.base()
                .setJson(ROUTE + ".route.hash_policy", "[{\"cookie\": {\"name\": \"sid\"}}]")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route.hash_policy[0]"
                + ".cookie: not supported by Weft: hashing on a cookie");
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".route.regex_rewrite",
                    "{\"pattern\": {\"regex\": \"^/a\"}, \"substitution\": \"/b\"}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route.regex_rewrite:"
                + " not supported by Weft: regex path rewrites");
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".request_mirror_policies",
                    "{\"cluster\": \"backend\", \"percent\": 10}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0]"
                + ".request_mirror_policies: not supported by Weft: request mirroring");
  }

  @Test
  void anUnknownRouteUpstreamProtocolIsAnError() {
    assertThat(ConfigJson.base().set(ROUTE + ".route.upstream_protocol", "bolt").error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route.upstream_protocol:"
                + " unknown protocol 'bolt'; expected one of Http1");
  }

  @Test
  void exactlyOneActionAndOneClusterSpecifier() {
    assertThat(ConfigJson.base().remove(ROUTE + ".route").error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0]: expected one of route,"
                + " redirect, direct_response");
    assertThat(ConfigJson.base().setJson(ROUTE + ".route", "{\"timeout\": \"1s\"}").error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route: expected one of"
                + " cluster_name, cluster_header, weighted_clusters");
    assertThat(ConfigJson.base().set(ROUTE + ".route.cluster_header", "x-cluster").error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route: set only one of"
                + " cluster_name, cluster_header, weighted_clusters; found [cluster_name,"
                + " cluster_header]");
  }

  @Test
  void redirectsAndDirectResponses() {
    RouteConfig redirect =
        route(
            ConfigJson.base()
                .remove(ROUTE + ".route")
                .setJson(
                    ROUTE + ".redirect",
                    "{\"response_code\": 302, \"host_redirect\": \"b.example\"}"));
    assertThat(redirect.action())
        .isEqualTo(
            new RouteAction.Redirect(
                302, Optional.empty(), Optional.of("b.example"), Optional.empty()));

    RouteConfig direct =
        route(
            ConfigJson.base()
                .remove(ROUTE + ".route")
                .setJson(ROUTE + ".direct_response", "{\"status\": 503, \"body\": \"down\"}"));
    assertThat(direct.action()).isEqualTo(new RouteAction.DirectResponse(503, "down"));

    assertThat(
            ConfigJson.base()
                .remove(ROUTE + ".route")
                .setJson(ROUTE + ".redirect", "{\"response_code\": 200}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].redirect.response_code:"
                + " expected a number from 300 to 399, got 200");
  }

  @Test
  void metadataMustHoldStrings() {
    assertThat(
            route(
                    ConfigJson.base()
                        .setJson(
                            ROUTE + ".metadata",
                            "{\"filter_metadata\": {\"mosn.lb\": {\"label\": \"gray\"}}}"))
                .metadata())
        .isEqualTo(Map.of("label", "gray"));
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTE + ".route.metadata_match",
                    "{\"filter_metadata\": {\"mosn.lb\": {\"v\": 2}}}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].routers[0].route.metadata_match"
                + ".filter_metadata.mosn.lb.v: expected a string, got 2 (MOSN would drop this entry"
                + " silently; quote the value)");
  }

  @Test
  void aDomainServedTwiceIsAnError() {
    assertThat(
            ConfigJson.base()
                .setJson(
                    ROUTER + ".virtual_hosts[1]",
                    "{\"name\": \"other\", \"domains\": [\"*\"], \"routers\": []}")
                .error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[1].domains[0]: domain \"*\" is"
                + " already served by servers[0].routers[0].virtual_hosts[0]");
    assertThat(ConfigJson.base().setJson(VHOST + ".domains", "[]").error())
        .isEqualTo(
            "config.json: servers[0].routers[0].virtual_hosts[0].domains: expected at least one"
                + " domain, such as \"*\"");
  }

  @Test
  void routerConfigsReadsOneVirtualHostPerFile() throws Exception {
    Path vhosts = Files.createDirectory(dir.resolve("routers"));
    Files.writeString(
        vhosts.resolve("a.json"),
        "{\"name\": \"a\", \"domains\": [\"a.example\"], \"routers\": [{\"match\": {\"prefix\":"
            + " \"/\"}, \"route\": {\"cluster_name\": \"backend\"}}]}");
    Files.writeString(vhosts.resolve("b.json"), "{\"name\": \"b\", \"domains\": [\"*\"]}");
    ConfigJson json =
        ConfigJson.base()
            .remove(ROUTER + ".virtual_hosts")
            .set(ROUTER + ".router_configs", vhosts.toString());

    RouterConfig router = json.ok().config().routers().get(0);

    assertThat(router.virtualHosts()).extracting(VirtualHostConfig::name).containsExactly("a", "b");
    assertThat(Files.list(vhosts)).hasSize(2);

    Files.writeString(
        vhosts.resolve("c.json"),
        "{\"name\": \"c\", \"domains\": [\"*\"], \"routers\": [{\"route\": {\"cluster_name\": \"nope\"}}]}");
    assertThat(json.error())
        .isEqualTo(
            vhosts
                + "/c.json: domains[0]: domain \"*\" is already served by "
                + vhosts
                + "/b.json");
    Files.delete(vhosts.resolve("b.json"));
    assertThat(json.error())
        .isEqualTo(
            vhosts
                + "/c.json: routers[0].route.cluster_name: no cluster named 'nope'; expected one of"
                + " backend");
  }

  @Test
  void routerConfigsMustBeADirectoryAndExcludesVirtualHosts() {
    assertThat(
            ConfigJson.base()
                .remove(ROUTER + ".virtual_hosts")
                .set(ROUTER + ".router_configs", dir.resolve("none").toString())
                .error())
        .isEqualTo("config.json: servers[0].routers[0].router_configs: no such directory");
    assertThat(ConfigJson.base().set(ROUTER + ".router_configs", dir.toString()).error())
        .isEqualTo(
            "config.json: servers[0].routers[0].router_configs: set either virtual_hosts or"
                + " router_configs (a directory), not both");
  }
}
