package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteAction.RetryPolicy;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One {@code route.v3.Route}: its match and its action (route, redirect or direct response). */
final class Routes {
  private static final Set<String> ROUTE =
      Set.of(
          "name",
          "match",
          "route",
          "redirect",
          "direct_response",
          "metadata",
          "stat_prefix",
          "request_headers_to_add",
          "request_headers_to_remove",
          "response_headers_to_add",
          "response_headers_to_remove");
  private static final Map<String, String> ROUTE_REASONS =
      Map.of(
          "filter_action", "filter actions",
          "non_forwarding_action", "non-forwarding actions",
          "decorator", "tracing",
          "tracing", "tracing",
          "typed_per_filter_config", "per-route filter settings",
          "per_request_buffer_limit_bytes", "request buffer limits");
  private static final Set<String> MATCH =
      Set.of("prefix", "path", "safe_regex", "case_sensitive", "headers");
  private static final Map<String, String> MATCH_REASONS =
      Map.of(
          "path_separated_prefix", "path_separated_prefix (use prefix or safe_regex)",
          "path_match_policy", "path match extensions",
          "connect_matcher", "CONNECT requests",
          "runtime_fraction", "runtime fractions",
          "query_parameters", "query parameter matches",
          "grpc", "gRPC request matches",
          "tls_context", "TLS context matches",
          "dynamic_metadata", "dynamic metadata matches",
          "filter_state", "filter state matches");
  private static final Set<String> REDIRECT =
      Set.of(
          "https_redirect",
          "scheme_redirect",
          "host_redirect",
          "port_redirect",
          "path_redirect",
          "response_code",
          "strip_query");
  private static final Map<String, String> REDIRECT_REASONS =
      Map.of(
          "prefix_rewrite", "prefix rewrites in redirects",
          "regex_rewrite", "regex rewrites in redirects");
  private static final int[] REDIRECT_CODES = {301, 302, 303, 307, 308};

  private Routes() {}

  /** The route, or null after a problem. */
  static RouteConfig route(
      Route route, Optional<RetryPolicy> inheritedRetry, String path, Problems problems) {
    int before = problems.size();
    Fields.only(route, path, problems, ROUTE, ROUTE_REASONS);
    RouteMatch match = match(route.getMatch(), Problems.at(path, "match"), problems);
    boolean prefix = match != null && match.path().orElse(null) instanceof RouteMatch.Prefix;
    RouteAction action =
        switch (route.getActionCase()) {
          case ROUTE ->
              Forwards.forward(
                  route.getRoute(), inheritedRetry, prefix, Problems.at(path, "route"), problems);
          case REDIRECT -> redirect(route.getRedirect(), Problems.at(path, "redirect"), problems);
          case DIRECT_RESPONSE ->
              direct(route.getDirectResponse(), Problems.at(path, "direct_response"), problems);
          case ACTION_NOT_SET -> {
            problems.add(path, "expected one of route, redirect, direct_response");
            yield null;
          }
          default -> null; // filter or non-forwarding actions, refused above
        };
    HeaderMutations request =
        Headers.mutations(
            route.getRequestHeadersToAddList(),
            route.getRequestHeadersToRemoveList(),
            path,
            "request",
            problems);
    HeaderMutations response =
        Headers.mutations(
            route.getResponseHeadersToAddList(),
            route.getResponseHeadersToRemoveList(),
            path,
            "response",
            problems);
    if (problems.size() != before) {
      return null;
    }
    return new RouteConfig(match, action, request, response, Map.of());
  }

  private static RouteMatch match(
      io.envoyproxy.envoy.config.route.v3.RouteMatch match, String path, Problems problems) {
    int before = problems.size();
    Fields.only(match, path, problems, MATCH, MATCH_REASONS);
    if (match.hasCaseSensitive() && !match.getCaseSensitive().getValue()) {
      problems.unsupported(
          Problems.at(path, "case_sensitive"), "case-insensitive path matches; Weft's are exact");
    }
    RouteMatch.PathMatch pathMatch =
        switch (match.getPathSpecifierCase()) {
          case PREFIX -> new RouteMatch.Prefix(match.getPrefix());
          case PATH -> new RouteMatch.Exact(match.getPath());
          case SAFE_REGEX -> {
            String regex =
                Matchers.regex(match.getSafeRegex(), Problems.at(path, "safe_regex"), problems);
            yield regex == null ? null : new RouteMatch.Regex(regex);
          }
          case PATHSPECIFIER_NOT_SET -> {
            problems.add(path, "expected one of prefix, path, safe_regex");
            yield null;
          }
          default -> null; // refused above
        };
    List<HeaderMatcher> headers = new ArrayList<>();
    for (int i = 0; i < match.getHeadersCount(); i++) {
      HeaderMatcher header =
          Matchers.header(match.getHeaders(i), Problems.at(path, "headers", i), problems);
      if (header != null) {
        headers.add(header);
      }
    }
    return problems.size() == before ? new RouteMatch(Optional.of(pathMatch), headers) : null;
  }

  private static RouteAction redirect(RedirectAction redirect, String path, Problems problems) {
    Fields.only(redirect, path, problems, REDIRECT, REDIRECT_REASONS);
    Optional<String> scheme =
        redirect.getHttpsRedirect()
            ? Optional.of("https")
            : Optional.of(redirect.getSchemeRedirect()).filter(s -> !s.isEmpty());
    Optional<String> host = Optional.of(redirect.getHostRedirect()).filter(s -> !s.isEmpty());
    if (redirect.getPortRedirect() != 0) {
      if (host.isEmpty()) {
        problems.unsupported(
            Problems.at(path, "port_redirect"),
            "a port redirect without host_redirect; set both, Weft writes host:port");
      } else {
        host = Optional.of(host.get() + ":" + redirect.getPortRedirect());
      }
    }
    Optional<String> target = Optional.of(redirect.getPathRedirect()).filter(s -> !s.isEmpty());
    if (redirect.getStripQuery() && target.isEmpty()) {
      problems.unsupported(
          Problems.at(path, "strip_query"),
          "stripping the query without path_redirect (a path_redirect replaces path and query)");
    }
    int code = redirect.getResponseCodeValue();
    if (code < 0 || code >= REDIRECT_CODES.length) {
      problems.add(Problems.at(path, "response_code"), "unknown response code " + code);
      return null;
    }
    return new RouteAction.Redirect(REDIRECT_CODES[code], scheme, host, target);
  }

  private static RouteAction direct(DirectResponseAction direct, String path, Problems problems) {
    Fields.only(direct, path, problems, Set.of("status", "body"));
    int status = direct.getStatus();
    if (status < 200 || status > 599) {
      problems.add(Problems.at(path, "status"), "expected a status from 200 to 599, got " + status);
    }
    String body = "";
    if (direct.hasBody()) {
      var source = direct.getBody();
      String at = Problems.at(path, "body");
      Fields.only(
          source,
          at,
          problems,
          Set.of("inline_string", "inline_bytes"),
          Map.of(
              "filename", "bodies read from files (Weft's translation does no I/O)",
              "environment_variable", "bodies read from the environment"));
      body =
          source.hasInlineBytes()
              ? source.getInlineBytes().toString(StandardCharsets.UTF_8)
              : source.getInlineString();
    }
    return new RouteAction.DirectResponse(status, body);
  }
}
