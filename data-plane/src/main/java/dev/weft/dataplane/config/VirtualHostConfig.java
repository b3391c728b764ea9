package dev.weft.dataplane.config;

import java.util.List;

/**
 * A virtual host: the domains it serves ({@code example.com}, {@code *.example.com}, {@code *},
 * each optionally with {@code :port}) and its routes, tried in order.
 */
public record VirtualHostConfig(
    String name,
    List<String> domains,
    List<RouteConfig> routes,
    HeaderMutations requestHeaders,
    HeaderMutations responseHeaders) {

  public VirtualHostConfig {
    domains = List.copyOf(domains);
    routes = List.copyOf(routes);
  }
}
