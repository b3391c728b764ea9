package dev.weft.dataplane.config;

import java.util.Map;

/** A route: a match, what to do with a matching request, and header changes. */
public record RouteConfig(
    RouteMatch match,
    RouteAction action,
    HeaderMutations requestHeaders,
    HeaderMutations responseHeaders,
    Map<String, String> metadata) {

  public RouteConfig {
    metadata = Map.copyOf(metadata);
  }
}
