package dev.weft.dataplane.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.HeaderMutations.HeaderValue;
import dev.weft.dataplane.config.RouteAction.ClusterFromHeader;
import dev.weft.dataplane.config.RouteAction.DirectResponse;
import dev.weft.dataplane.config.RouteAction.Forward;
import dev.weft.dataplane.config.RouteAction.HeaderHash;
import dev.weft.dataplane.config.RouteAction.Redirect;
import dev.weft.dataplane.config.RouteAction.RetryPolicy;
import dev.weft.dataplane.config.RouteAction.SourceIpHash;
import dev.weft.dataplane.config.RouteAction.WeightedCluster;
import dev.weft.dataplane.config.RouteAction.WeightedClusters;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.config.RouterConfig;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher.Builder;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RouteConfigurations as Weft route tables: matches, actions, retries, header changes. */
class RouteTranslationTest extends TranslationTestBase {

  private static RouteConfiguration table(VirtualHost.Builder vhost) {
    return RouteConfiguration.newBuilder().setName("r").addVirtualHosts(vhost).build();
  }

  private static RouteConfiguration table(Route.Builder... routes) {
    VirtualHost.Builder vhost = VirtualHost.newBuilder().setName("v").addDomains("*");
    for (Route.Builder route : routes) {
      vhost.addRoutes(route);
    }
    return table(vhost);
  }

  private static Route.Builder to(String cluster) {
    return Route.newBuilder()
        .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/"))
        .setRoute(RouteAction.newBuilder().setCluster(cluster));
  }

  private static RouterConfig translated(RouteConfiguration table) {
    assertThat(check(table)).isEmpty();
    return translate(table).config().router("r").orElseThrow();
  }

  private static RouteConfig only(RouteConfiguration table) {
    return translated(table).virtualHosts().get(0).routes().get(0);
  }

  private static Forward forward(Route.Builder route) {
    return (Forward) only(table(route)).action();
  }

  private static HeaderMatcher header(Builder matcher) {
    Route.Builder route = to("c");
    route.getMatchBuilder().addHeaders(matcher.setName("x-user"));
    return only(table(route)).match().headers().get(0);
  }

  @Test
  void pathMatchesArePrefixExactOrWholePathRegex() {
    Route.Builder path = to("c");
    path.getMatchBuilder().setPath("/exact");
    Route.Builder regex = to("c");
    regex.getMatchBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("/v[0-9]+/.*"));

    List<RouteConfig> routes =
        translated(table(to("c"), path, regex)).virtualHosts().get(0).routes();

    assertThat(routes)
        .extracting(r -> r.match().path().orElseThrow())
        .containsExactly(
            new RouteMatch.Prefix("/"),
            new RouteMatch.Exact("/exact"),
            new RouteMatch.Regex("/v[0-9]+/.*"));
  }

  @Test
  void headerMatchersBecomeExactValuesOrWholeValueRegexes() {
    assertThat(
            header(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                    .setStringMatch(StringMatcher.newBuilder().setExact("bob"))))
        .isEqualTo(new HeaderMatcher("x-user", "bob", false, false));
    assertThat(
            header(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                    .setStringMatch(StringMatcher.newBuilder().setPrefix("b.b"))))
        .isEqualTo(new HeaderMatcher("x-user", "(?s)\\Qb.b\\E.*", true, false));
    assertThat(
            header(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                    .setStringMatch(
                        StringMatcher.newBuilder().setExact("Bob").setIgnoreCase(true))))
        .isEqualTo(new HeaderMatcher("x-user", "(?is)\\QBob\\E", true, false));
    assertThat(
            header(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                    .setSafeRegexMatch(RegexMatcher.newBuilder().setRegex("b.*"))
                    .setInvertMatch(true)))
        .isEqualTo(new HeaderMatcher("x-user", "b.*", true, true));
    assertThat(
            header(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                    .setPresentMatch(true)))
        .isEqualTo(new HeaderMatcher("x-user", "(?s).*", true, false));
    assertThat(
            header(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                    .setPresentMatch(false)))
        .isEqualTo(new HeaderMatcher("x-user", "(?s).*", true, true));
  }

  @Test
  void anExactDotStarIsTheTextNotWeftsAnyValue() {
    assertThat(
            header(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                    .setStringMatch(StringMatcher.newBuilder().setExact(".*"))))
        .isEqualTo(new HeaderMatcher("x-user", "\\Q.*\\E", true, false));
  }

  @Test
  void aRouteWithoutTimeoutGetsEnvoysFifteenSecondsAndZeroTurnsItOff() {
    assertThat(forward(to("c")).timeout()).isEqualTo(java.time.Duration.ofSeconds(15));
    Route.Builder none = to("c");
    none.getRouteBuilder().setTimeout(Duration.getDefaultInstance());
    assertThat(forward(none).timeout()).isZero();
  }

  @Test
  void weightedAndHeaderNamedClustersAreKept() {
    Route.Builder weighted = to("c");
    weighted
        .getRouteBuilder()
        .clearCluster()
        .getWeightedClustersBuilder()
        .addClusters(ClusterWeight.newBuilder().setName("blue").setWeight(UInt32Value.of(90)))
        .addClusters(ClusterWeight.newBuilder().setName("green").setWeight(UInt32Value.of(10)));
    Route.Builder byHeader = to("c");
    byHeader.getRouteBuilder().setClusterHeader("x-cluster");

    assertThat(forward(weighted).cluster())
        .isEqualTo(
            new WeightedClusters(
                List.of(
                    new WeightedCluster("blue", 90, java.util.Map.of()),
                    new WeightedCluster("green", 10, java.util.Map.of()))));
    assertThat(forward(byHeader).cluster()).isEqualTo(new ClusterFromHeader("x-cluster"));
  }

  @Test
  void retriesMapToWeftsPolicyAndTheVirtualHostsApplyWhereARouteHasNone() {
    Route.Builder own = to("c");
    own.getRouteBuilder()
        .getRetryPolicyBuilder()
        .setRetryOn("gateway-error,connect-failure")
        .setNumRetries(UInt32Value.of(2))
        .setPerTryTimeout(Duration.newBuilder().setSeconds(1));
    VirtualHost.Builder vhost =
        VirtualHost.newBuilder()
            .setName("v")
            .addDomains("*")
            .setRetryPolicy(
                io.envoyproxy.envoy.config.route.v3.RetryPolicy.newBuilder().setRetryOn("5xx"))
            .addRoutes(own)
            .addRoutes(to("d"));

    List<RouteConfig> routes = translated(table(vhost)).virtualHosts().get(0).routes();

    assertThat(((Forward) routes.get(0).action()).retry())
        .contains(
            new RetryPolicy(
                true, 2, Optional.of(java.time.Duration.ofSeconds(1)), List.of(502, 503, 504)));
    assertThat(((Forward) routes.get(1).action()).retry())
        .contains(new RetryPolicy(true, 1, Optional.empty(), List.of()));
  }

  @Test
  void rewritesHashPoliciesAndMetadataMatchAreKept() {
    Route.Builder route = to("c");
    route
        .getRouteBuilder()
        .setPrefixRewrite("/v2/")
        .setHostRewriteLiteral("backend")
        .addHashPolicy(
            HashPolicy.newBuilder()
                .setHeader(HashPolicy.Header.newBuilder().setHeaderName("x-user"))
                .setTerminal(true))
        .addHashPolicy(
            HashPolicy.newBuilder()
                .setConnectionProperties(
                    HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true)))
        .getMetadataMatchBuilder()
        .putFilterMetadata(
            "envoy.lb",
            com.google.protobuf.Struct.newBuilder()
                .putFields(
                    "version", com.google.protobuf.Value.newBuilder().setStringValue("v2").build())
                .build());

    Forward forward = forward(route);

    assertThat(forward.prefixRewrite()).contains("/v2/");
    assertThat(forward.hostRewrite()).contains("backend");
    assertThat(forward.hashPolicies())
        .containsExactly(new HeaderHash("x-user"), new SourceIpHash());
    assertThat(forward.metadataMatch()).containsExactlyEntriesOf(java.util.Map.of("version", "v2"));
  }

  @Test
  void headerChangesKeepEnvoysAppendRulesAndDropEmptyValues() {
    Route.Builder route =
        to("c")
            .addRequestHeadersToAdd(
                HeaderValueOption.newBuilder()
                    .setHeader(
                        io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder()
                            .setKey("x-a")
                            .setValue("1")))
            .addRequestHeadersToAdd(
                HeaderValueOption.newBuilder()
                    .setHeader(
                        io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder()
                            .setKey("x-b")
                            .setValue("100%%"))
                    .setAppendAction(
                        HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
            .addRequestHeadersToAdd(
                HeaderValueOption.newBuilder()
                    .setHeader(
                        io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder()
                            .setKey("x-c")
                            .setValue("3"))
                    .setAppend(BoolValue.of(false)))
            .addRequestHeadersToAdd(
                HeaderValueOption.newBuilder()
                    .setHeader(
                        io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder()
                            .setKey("x-empty")))
            .addResponseHeadersToRemove("server");

    RouteConfig translated = only(table(route));

    assertThat(translated.requestHeaders())
        .isEqualTo(
            new HeaderMutations(
                List.of(
                    new HeaderValue("x-a", "1", true),
                    new HeaderValue("x-b", "100%", false),
                    new HeaderValue("x-c", "3", false)),
                List.of()));
    assertThat(translated.responseHeaders())
        .isEqualTo(new HeaderMutations(List.of(), List.of("server")));
  }

  @Test
  void headerFormattersAreRefused() {
    Route.Builder route =
        to("c")
            .addRequestHeadersToAdd(
                HeaderValueOption.newBuilder()
                    .setHeader(
                        io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder()
                            .setKey("x-ip")
                            .setValue("%DOWNSTREAM_REMOTE_ADDRESS%")));

    assertThat(check(table(route)))
        .containsExactly(
            "route_configuration 'r': virtual_hosts[0].routes[0].request_headers_to_add[0].header.value: not supported by Weft: header value formatters (\"%DOWNSTREAM_REMOTE_ADDRESS%\"); Weft adds literal values (write %% for a %)");
  }

  @Test
  void oneHeaderChangedAtTwoLevelsNeedsMostSpecificWins() {
    VirtualHost.Builder vhost =
        VirtualHost.newBuilder()
            .setName("v")
            .addDomains("*")
            .addRequestHeadersToRemove("x-a")
            .addRoutes(to("c").addRequestHeadersToRemove("x-a"));
    RouteConfiguration table = table(vhost);

    assertThat(check(table))
        .singleElement()
        .asString()
        .startsWith(
            "route_configuration 'r': virtual_hosts[0].routes[0].request_headers_to_add: not supported by Weft: changing request header(s) [x-a] here and in the virtual host");
    assertThat(check(table.toBuilder().setMostSpecificHeaderMutationsWins(true).build())).isEmpty();
  }

  @Test
  void redirectsAndDirectResponsesAreKept() {
    Route.Builder redirect =
        Route.newBuilder()
            .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/old"))
            .setRedirect(
                RedirectAction.newBuilder()
                    .setHttpsRedirect(true)
                    .setHostRedirect("example.com")
                    .setPortRedirect(8443)
                    .setPathRedirect("/new")
                    .setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT));
    Route.Builder direct =
        Route.newBuilder()
            .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/"))
            .setDirectResponse(
                DirectResponseAction.newBuilder()
                    .setStatus(404)
                    .setBody(DataSource.newBuilder().setInlineString("nope")));

    List<RouteConfig> routes = translated(table(redirect, direct)).virtualHosts().get(0).routes();

    assertThat(routes.get(0).action())
        .isEqualTo(
            new Redirect(
                308, Optional.of("https"), Optional.of("example.com:8443"), Optional.of("/new")));
    assertThat(routes.get(1).action()).isEqualTo(new DirectResponse(404, "nope"));
  }

  @Test
  void aPrefixRewriteNeedsAPrefixMatch() {
    Route.Builder route = to("c");
    route.getMatchBuilder().setPath("/exact");
    route.getRouteBuilder().setPrefixRewrite("/x");

    assertThat(check(table(route)))
        .singleElement()
        .asString()
        .startsWith(
            "route_configuration 'r': virtual_hosts[0].routes[0].route.prefix_rewrite: not supported by Weft: prefix_rewrite on a route that does not match a path prefix");
  }

  @Test
  void aBadRegexNamesItsField() {
    Route.Builder route = to("c");
    route.getMatchBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("(unclosed"));

    assertThat(check(table(route)))
        .singleElement()
        .asString()
        .startsWith(
            "route_configuration 'r': virtual_hosts[0].routes[0].match.safe_regex.regex: invalid regular expression:");
  }

  @Test
  void prefixWildcardDomainsAreRefused() {
    VirtualHost.Builder vhost =
        VirtualHost.newBuilder().setName("v").addDomains("api.*").addRoutes(to("c"));

    assertThat(check(table(vhost)))
        .containsExactly(
            "route_configuration 'r': virtual_hosts[0].domains[0]: not supported by Weft: prefix wildcards (\"api.*\"); Weft takes exact, *.suffix and * domains");
  }
}
