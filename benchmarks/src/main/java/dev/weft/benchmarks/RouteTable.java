package dev.weft.benchmarks;

import dev.weft.dataplane.config.HeaderMutations;
import dev.weft.dataplane.config.RouteAction;
import dev.weft.dataplane.config.RouteConfig;
import dev.weft.dataplane.config.RouteMatch;
import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.config.RouterConfig;
import dev.weft.dataplane.config.VirtualHostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route table shaped like a busy ingress: {@code count} virtual hosts, each with the same ten
 * routes (exact, prefix, prefix with a header, regex, catch-all) to its own clusters. Host {@code
 * i} serves {@code svc-i.example.com} with and without {@code :8080}; the last one serves {@code
 * *.apps.example.com} and is the {@code *} default. With one virtual host, it serves only {@code
 * *}.
 */
public final class RouteTable {
  /** The ten routes' cluster suffixes, in route order. */
  public static final List<String> CLUSTERS =
      List.of(
          "health",
          "users-canary",
          "users",
          "orders",
          "payments",
          "version",
          "items",
          "static",
          "grpc",
          "default");

  private RouteTable() {}

  public static RouterConfig withVirtualHosts(int count) {
    List<VirtualHostConfig> hosts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> domains;
      if (count == 1) {
        domains = List.of("*");
      } else if (i == count - 1) {
        domains = List.of("*.apps.example.com", "*");
      } else {
        domains = List.of("svc-" + i + ".example.com", "svc-" + i + ".example.com:8080");
      }
      hosts.add(
          new VirtualHostConfig(
              "svc-" + i, domains, routes("svc-" + i), HeaderMutations.NONE, HeaderMutations.NONE));
    }
    return new RouterConfig("bench", hosts, HeaderMutations.NONE, HeaderMutations.NONE);
  }

  private static List<RouteConfig> routes(String service) {
    HeaderMatcher canary = new HeaderMatcher("x-canary", "true", false, false);
    HeaderMatcher grpc = new HeaderMatcher("content-type", "application/grpc.*", true, false);
    return List.of(
        route(new RouteMatch.Exact("/healthz"), List.of(), service, 0),
        route(new RouteMatch.Prefix("/api/users/"), List.of(canary), service, 1),
        route(new RouteMatch.Prefix("/api/users/"), List.of(), service, 2),
        route(new RouteMatch.Prefix("/api/orders/"), List.of(), service, 3),
        route(new RouteMatch.Prefix("/api/payments/"), List.of(), service, 4),
        route(new RouteMatch.Exact("/api/version"), List.of(), service, 5),
        route(new RouteMatch.Regex("/api/items/[0-9]+"), List.of(), service, 6),
        route(new RouteMatch.Prefix("/static/"), List.of(), service, 7),
        route(new RouteMatch.Prefix("/"), List.of(grpc), service, 8),
        route(new RouteMatch.Prefix("/"), List.of(), service, 9));
  }

  private static RouteConfig route(
      RouteMatch.PathMatch path, List<HeaderMatcher> headers, String service, int index) {
    RouteAction.Forward forward =
        new RouteAction.Forward(
            new RouteAction.NamedCluster(service + "-" + CLUSTERS.get(index)),
            RouteAction.Forward.DEFAULT_TIMEOUT,
            Optional.empty(),
            List.of(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return new RouteConfig(
        new RouteMatch(Optional.of(path), headers),
        forward,
        HeaderMutations.NONE,
        HeaderMutations.NONE,
        Map.of());
  }
}
