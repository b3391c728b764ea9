package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction.RetryPolicy;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code route.v3.RouteConfiguration}, from RDS or inline, as a Weft route table: virtual hosts
 * by domain (exact, {@code *.suffix} or {@code *}), routes tried in order.
 */
final class RouteTables {
  private static final Set<String> TABLE =
      Set.of(
          "name",
          "virtual_hosts",
          "request_headers_to_add",
          "request_headers_to_remove",
          "response_headers_to_add",
          "response_headers_to_remove",
          "most_specific_header_mutations_wins",
          "validate_clusters",
          "max_direct_response_body_size_bytes",
          "metadata");
  private static final Map<String, String> TABLE_REASONS =
      Map.of(
          "vhds", "virtual host discovery (VHDS)",
          "internal_only_headers", "internal-only headers",
          "cluster_specifier_plugins", "cluster specifier plugins",
          "request_mirror_policies", "request mirroring",
          "ignore_port_in_host_matching", "ignore_port_in_host_matching",
          "ignore_path_parameters_in_path_matching", "ignoring path parameters",
          "typed_per_filter_config", "per-route-table filter settings");
  private static final Set<String> VHOST =
      Set.of(
          "name",
          "domains",
          "routes",
          "require_tls",
          "retry_policy",
          "request_headers_to_add",
          "request_headers_to_remove",
          "response_headers_to_add",
          "response_headers_to_remove",
          "metadata");
  private static final Map<String, String> VHOST_REASONS =
      Map.ofEntries(
          Map.entry("matcher", "the generic matcher API"),
          Map.entry("virtual_clusters", "virtual clusters"),
          Map.entry("rate_limits", "rate limiting"),
          Map.entry("cors", "CORS"),
          Map.entry("typed_per_filter_config", "per-virtual-host filter settings"),
          Map.entry("include_request_attempt_count", "attempt count headers"),
          Map.entry("include_attempt_count_in_response", "attempt count headers"),
          Map.entry("retry_policy_typed_config", "retry extensions"),
          Map.entry("hedge_policy", "request hedging"),
          Map.entry("include_is_timeout_retry_header", "timeout retry headers"),
          Map.entry("per_request_buffer_limit_bytes", "request buffer limits"),
          Map.entry("request_mirror_policies", "request mirroring"));

  private RouteTables() {}

  /** The table called {@code name}, or null after a problem at {@code path}. */
  static RouterConfig router(
      RouteConfiguration table, String name, String path, Problems problems) {
    int before = problems.size();
    Fields.only(table, path, problems, TABLE, TABLE_REASONS);
    HeaderMutations request =
        Headers.mutations(
            table.getRequestHeadersToAddList(),
            table.getRequestHeadersToRemoveList(),
            path,
            "request",
            problems);
    HeaderMutations response =
        Headers.mutations(
            table.getResponseHeadersToAddList(),
            table.getResponseHeadersToRemoveList(),
            path,
            "response",
            problems);
    Levels levels =
        new Levels(table.getMostSpecificHeaderMutationsWins(), request, response, problems);
    Map<String, String> domains = new HashMap<>();
    List<VirtualHostConfig> vhosts = new ArrayList<>();
    for (int i = 0; i < table.getVirtualHostsCount(); i++) {
      String at = Problems.at(path, "virtual_hosts", i);
      VirtualHostConfig vhost =
          virtualHost(table.getVirtualHosts(i), at, domains, levels, problems);
      if (vhost != null) {
        vhosts.add(vhost);
      }
    }
    return problems.size() == before ? new RouterConfig(name, vhosts, request, response) : null;
  }

  private static VirtualHostConfig virtualHost(
      VirtualHost vhost,
      String path,
      Map<String, String> claimed,
      Levels levels,
      Problems problems) {
    int before = problems.size();
    Fields.only(vhost, path, problems, VHOST, VHOST_REASONS);
    if (vhost.getRequireTls() != VirtualHost.TlsRequirementType.NONE) {
      problems.unsupported(
          Problems.at(path, "require_tls"), "TLS (Weft serves plaintext only for now)");
    }
    if (vhost.getDomainsCount() == 0) {
      problems.add(Problems.at(path, "domains"), "expected at least one domain, such as \"*\"");
    }
    for (int i = 0; i < vhost.getDomainsCount(); i++) {
      domain(vhost.getDomains(i), Problems.at(path, "domains", i), claimed, problems);
    }
    Optional<RetryPolicy> retry =
        vhost.hasRetryPolicy()
            ? Retries.policy(vhost.getRetryPolicy(), Problems.at(path, "retry_policy"), problems)
            : Optional.empty();
    HeaderMutations request =
        Headers.mutations(
            vhost.getRequestHeadersToAddList(),
            vhost.getRequestHeadersToRemoveList(),
            path,
            "request",
            problems);
    HeaderMutations response =
        Headers.mutations(
            vhost.getResponseHeadersToAddList(),
            vhost.getResponseHeadersToRemoveList(),
            path,
            "response",
            problems);
    levels.check(path, request, response);
    List<RouteConfig> routes = new ArrayList<>();
    for (int i = 0; i < vhost.getRoutesCount(); i++) {
      String at = Problems.at(path, "routes", i);
      RouteConfig route = Routes.route(vhost.getRoutes(i), retry, at, problems);
      if (route != null) {
        levels.check(at, route.requestHeaders(), route.responseHeaders());
        levels.checkAgainst(at, route, request, response);
        routes.add(route);
      }
    }
    if (problems.size() != before) {
      return null;
    }
    return new VirtualHostConfig(
        vhost.getName(), vhost.getDomainsList(), routes, request, response);
  }

  private static void domain(
      String domain, String path, Map<String, String> claimed, Problems problems) {
    if (domain.isBlank()) {
      problems.add(path, "expected a domain such as \"example.com\" or \"*\"");
      return;
    }
    if (domain.length() > 1 && domain.endsWith("*")) {
      problems.unsupported(
          path, "prefix wildcards (\"" + domain + "\"); Weft takes exact, *.suffix and * domains");
      return;
    }
    String first = claimed.putIfAbsent(domain.toLowerCase(Locale.ROOT), path);
    if (first != null) {
      problems.add(path, "domain \"" + domain + "\" is already in " + first);
    }
  }

  /**
   * Weft applies a route's header changes after its virtual host's and those after the table's, so
   * the most specific wins: Envoy's {@code most_specific_header_mutations_wins: true}. Without it
   * Envoy lets the least specific win, which differs only when two levels change one header: that
   * is a problem.
   */
  private record Levels(
      boolean mostSpecificWins,
      HeaderMutations tableRequest,
      HeaderMutations tableResponse,
      Problems problems) {

    void check(String path, HeaderMutations request, HeaderMutations response) {
      overlap(path, tableRequest, request, "request", "the route table");
      overlap(path, tableResponse, response, "response", "the route table");
    }

    void checkAgainst(
        String path,
        RouteConfig route,
        HeaderMutations vhostRequest,
        HeaderMutations vhostResponse) {
      overlap(path, vhostRequest, route.requestHeaders(), "request", "the virtual host");
      overlap(path, vhostResponse, route.responseHeaders(), "response", "the virtual host");
    }

    private void overlap(
        String path,
        HeaderMutations outer,
        HeaderMutations inner,
        String direction,
        String outerName) {
      if (mostSpecificWins || outer.isEmpty() || inner.isEmpty()) {
        return;
      }
      Set<String> both = new TreeSet<>(Headers.names(outer));
      both.retainAll(Headers.names(inner));
      if (!both.isEmpty()) {
        problems.unsupported(
            Problems.at(path, direction + "_headers_to_add"),
            "changing "
                + direction
                + " header(s) "
                + both
                + " here and in "
                + outerName
                + " with the least specific change winning; Weft applies the most specific last"
                + " (set most_specific_header_mutations_wins: true, or change each header at one"
                + " level)");
      }
    }
  }
}
