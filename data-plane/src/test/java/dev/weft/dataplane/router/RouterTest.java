package dev.weft.dataplane.router;

import static dev.weft.dataplane.TestConfigs.forward;
import static dev.weft.dataplane.TestConfigs.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.FakeRequestHead;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static VirtualHostConfig vhost(String name, List<String> domains, RouteConfig... routes) {
    return new VirtualHostConfig(
        name, domains, List.of(routes), HeaderMutations.NONE, HeaderMutations.NONE);
  }

  private static RouteConfig prefix(String prefix, String cluster) {
    return route(
        new RouteMatch(Optional.of(new RouteMatch.Prefix(prefix)), List.of()), forward(cluster));
  }

  private static Router router(VirtualHostConfig... vhosts) {
    return new Router(
        new RouterConfig("r", List.of(vhosts), HeaderMutations.NONE, HeaderMutations.NONE));
  }

  private static String cluster(Router router, FakeRequestHead head) {
    Route route = router.route(head);
    return route == null ? null : route.cluster(head).map(Route.ClusterChoice::name).orElse(null);
  }

  @Test
  void virtualHostsAreChosenExactThenLongestSuffixThenDefault() {
    Router router =
        router(
            vhost("exact-port", List.of("api.example.com:8080"), prefix("/", "exact-port")),
            vhost("exact", List.of("api.example.com"), prefix("/", "exact")),
            vhost("suffix", List.of("*.example.com"), prefix("/", "suffix")),
            vhost("deeper", List.of("*.eu.example.com"), prefix("/", "deeper")),
            vhost("default", List.of("*"), prefix("/", "default")));

    assertThat(cluster(router, FakeRequestHead.get("api.example.com:8080", "/")))
        .isEqualTo("exact-port");
    assertThat(cluster(router, FakeRequestHead.get("API.Example.com", "/"))).isEqualTo("exact");
    assertThat(cluster(router, FakeRequestHead.get("api.example.com:9999", "/")))
        .isEqualTo("exact");
    assertThat(cluster(router, FakeRequestHead.get("www.example.com", "/"))).isEqualTo("suffix");
    assertThat(cluster(router, FakeRequestHead.get("a.eu.example.com:80", "/")))
        .isEqualTo("deeper");
    assertThat(cluster(router, FakeRequestHead.get("example.org", "/"))).isEqualTo("default");
    assertThat(cluster(router, FakeRequestHead.get("", "/"))).isEqualTo("default");
  }

  @Test
  void withoutADefaultVirtualHostAnUnknownHostHasNoRoute() {
    Router router = router(vhost("only", List.of("a.com"), prefix("/", "c")));

    assertThat(router.route(FakeRequestHead.get("b.com", "/"))).isNull();
  }

  @Test
  void aDomainInTwoVirtualHostsIsRejected() {
    assertThatThrownBy(
            () ->
                router(
                    vhost("a", List.of("x.com"), prefix("/", "a")),
                    vhost("b", List.of("X.com"), prefix("/", "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"X.com\" appears in two virtual hosts");
  }

  @Test
  void routesMatchByPrefixExactPathAndRegexInOrder() {
    Router router =
        router(
            vhost(
                "all",
                List.of("*"),
                route(
                    new RouteMatch(Optional.of(new RouteMatch.Exact("/exact")), List.of()),
                    forward("exact")),
                route(
                    new RouteMatch(Optional.of(new RouteMatch.Regex("/users/[0-9]+")), List.of()),
                    forward("regex")),
                prefix("/api/", "api"),
                prefix("/", "fallback")));

    assertThat(cluster(router, FakeRequestHead.get("h", "/exact?q=1"))).isEqualTo("exact");
    assertThat(cluster(router, FakeRequestHead.get("h", "/exact/more"))).isEqualTo("fallback");
    assertThat(cluster(router, FakeRequestHead.get("h", "/users/42?x"))).isEqualTo("regex");
    assertThat(cluster(router, FakeRequestHead.get("h", "/users/abc"))).isEqualTo("fallback");
    assertThat(cluster(router, FakeRequestHead.get("h", "/api/v1"))).isEqualTo("api");
  }

  @Test
  void headerMatchersExactRegexAndInverted() {
    RouteMatch.HeaderMatcher exact = new RouteMatch.HeaderMatcher("x-env", "canary", false, false);
    RouteMatch.HeaderMatcher regex =
        new RouteMatch.HeaderMatcher("x-user", "u-[0-9]{3}", true, false);
    RouteMatch.HeaderMatcher notBot =
        new RouteMatch.HeaderMatcher("user-agent", ".*bot.*", true, true);
    Router router =
        router(
            vhost(
                "all",
                List.of("*"),
                route(
                    new RouteMatch(Optional.of(new RouteMatch.Prefix("/")), List.of(exact)),
                    forward("canary")),
                route(
                    new RouteMatch(Optional.of(new RouteMatch.Prefix("/")), List.of(regex, notBot)),
                    forward("users")),
                prefix("/", "stable")));

    assertThat(cluster(router, FakeRequestHead.get("h", "/").header("X-Env", "canary")))
        .isEqualTo("canary");
    assertThat(cluster(router, FakeRequestHead.get("h", "/").header("x-env", "prod")))
        .isEqualTo("stable");
    assertThat(cluster(router, FakeRequestHead.get("h", "/").header("x-user", "u-123")))
        .isEqualTo("users");
    assertThat(cluster(router, FakeRequestHead.get("h", "/").header("x-user", "u-1234")))
        .isEqualTo("stable");
    assertThat(
            cluster(
                router,
                FakeRequestHead.get("h", "/")
                    .header("x-user", "u-123")
                    .header("user-agent", "googlebot")))
        .isEqualTo("stable");
  }

  @Test
  void mosnRpcRulesMatchOnTheServiceHeaderOnly() {
    RouteMatch anyService =
        new RouteMatch(
            Optional.empty(), List.of(new RouteMatch.HeaderMatcher("service", ".*", false, false)));
    RouteMatch oneService =
        new RouteMatch(
            Optional.empty(),
            List.of(
                new RouteMatch.HeaderMatcher("service", "com.example.Hello:1.0", false, false)));
    Router router =
        router(
            vhost(
                "rpc",
                List.of("*"),
                route(oneService, forward("hello")),
                route(anyService, forward("any"))));

    assertThat(
            cluster(router, FakeRequestHead.get("", "").header("service", "com.example.Hello:1.0")))
        .isEqualTo("hello");
    assertThat(
            cluster(router, FakeRequestHead.get("", "").header("service", "com.example.Other:1.0")))
        .isEqualTo("any");
    assertThat(router.route(FakeRequestHead.get("", "").header("service", ""))).isNull();
    assertThat(router.route(FakeRequestHead.get("", ""))).isNull();
  }

  @Test
  void clusterFromAHeaderAndWeightedClusters() {
    RouteAction.Forward fromHeader =
        new RouteAction.Forward(
            new RouteAction.ClusterFromHeader("x-cluster"),
            RouteAction.Forward.DEFAULT_TIMEOUT,
            Optional.empty(),
            List.of(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Router byHeader =
        router(
            vhost(
                "all",
                List.of("*"),
                route(
                    new RouteMatch(Optional.of(new RouteMatch.Prefix("/")), List.of()),
                    fromHeader)));
    assertThat(cluster(byHeader, FakeRequestHead.get("h", "/").header("x-cluster", "blue")))
        .isEqualTo("blue");
    assertThat(byHeader.route(FakeRequestHead.get("h", "/")).cluster(FakeRequestHead.get("h", "/")))
        .isEmpty();

    RouteAction.Forward weighted =
        new RouteAction.Forward(
            new RouteAction.WeightedClusters(
                List.of(
                    new RouteAction.WeightedCluster("a", 1, Map.of()),
                    new RouteAction.WeightedCluster("b", 3, Map.of("version", "v2")))),
            RouteAction.Forward.DEFAULT_TIMEOUT,
            Optional.empty(),
            List.of(),
            Map.of("zone", "z1"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Router split =
        router(
            vhost(
                "all",
                List.of("*"),
                route(
                    new RouteMatch(Optional.of(new RouteMatch.Prefix("/")), List.of()), weighted)));
    Map<String, Integer> counts = new HashMap<>();
    List<Map<String, String>> metadata = new ArrayList<>();
    FakeRequestHead head = FakeRequestHead.get("h", "/");
    for (int i = 0; i < 4000; i++) {
      Route.ClusterChoice choice = split.route(head).cluster(head).orElseThrow();
      counts.merge(choice.name(), 1, Integer::sum);
      if (choice.name().equals("b")) {
        metadata.add(choice.metadataMatch());
      }
    }
    assertThat(counts.get("b") / (double) 4000).isBetween(0.70, 0.80);
    assertThat(metadata.get(0)).containsEntry("version", "v2").containsEntry("zone", "z1");
  }
}
