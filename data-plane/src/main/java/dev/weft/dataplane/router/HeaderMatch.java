package dev.weft.dataplane.router;

import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import dev.weft.dataplane.protocol.HeaderMap;
import java.util.regex.Pattern;

/** A compiled header condition. */
final class HeaderMatch {
  /** MOSN's RPC rules write {@code service = .*} without {@code regex}: any non-empty value. */
  private static final String ANY = ".*";

  private final String name;
  private final String value;
  private final Pattern pattern;
  private final boolean invert;

  HeaderMatch(HeaderMatcher config) {
    this.name = config.name();
    this.value = config.value();
    this.pattern = config.regex() ? Pattern.compile(config.value()) : null;
    this.invert = config.invert();
  }

  boolean matches(HeaderMap headers) {
    String actual = headers.get(name);
    return invert != matchesValue(actual);
  }

  private boolean matchesValue(String actual) {
    if (actual == null) {
      return false;
    }
    if (pattern != null) {
      return pattern.matcher(actual).matches();
    }
    if (ANY.equals(value)) {
      return !actual.isEmpty();
    }
    return value.equals(actual);
  }
}
