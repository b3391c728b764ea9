package dev.weft.dataplane.config;

import java.util.List;
import java.util.Optional;

/**
 * What a request must look like. Without a path match it is an RPC rule that matches on headers
 * only (MOSN's {@code service = .*} rules).
 */
public record RouteMatch(Optional<PathMatch> path, List<HeaderMatcher> headers) {

  public RouteMatch {
    headers = List.copyOf(headers);
  }

  /** How the path is matched. */
  public sealed interface PathMatch {}

  /** The path starts with {@code prefix} ({@code ""} and {@code "/"} match everything). */
  public record Prefix(String prefix) implements PathMatch {}

  /** The path (without the query) is exactly {@code path}. */
  public record Exact(String path) implements PathMatch {}

  /** The path (without the query) matches the whole regular expression. */
  public record Regex(String regex) implements PathMatch {}

  /**
   * A header that must be present and equal {@code value}, or match it as a regular expression.
   * {@code invert} negates the match (Envoy's {@code invert_match}).
   */
  public record HeaderMatcher(String name, String value, boolean regex, boolean invert) {}
}
