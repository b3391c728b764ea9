package dev.weft.dataplane.xds.translate;

import dev.weft.dataplane.config.RouteMatch.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher.HeaderMatchSpecifierCase;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Envoy's string and header matchers as Weft's header conditions: an exact value, or a regular
 * expression that must match the whole value. Prefix, suffix, contains and {@code ignore_case}
 * become quoted regular expressions; RE2 expressions are compiled as Java ones.
 */
final class Matchers {
  /** Weft's router reads a plain {@code .*} as "any non-empty value"; Envoy means the text. */
  private static final String WEFT_ANY = ".*";

  private static final Set<String> STRING =
      Set.of("exact", "prefix", "suffix", "safe_regex", "contains", "ignore_case");
  private static final Map<String, String> STRING_REASONS =
      Map.of("custom", "custom string matcher extensions");
  private static final Set<String> REGEX = Set.of("regex", "google_re2");
  private static final Set<String> HEADER =
      Set.of(
          "name",
          "exact_match",
          "safe_regex_match",
          "present_match",
          "prefix_match",
          "suffix_match",
          "contains_match",
          "string_match",
          "invert_match");
  private static final Map<String, String> HEADER_REASONS =
      Map.of(
          "range_match", "range matches on header values",
          "treat_missing_header_as_empty", "treating a missing header as an empty one");

  /** A value test: {@code value} exactly, or {@code value} as a whole-value regex. */
  record Text(String value, boolean regex) {
    static Text exact(String value) {
      return WEFT_ANY.equals(value) ? new Text(Pattern.quote(value), true) : new Text(value, false);
    }

    static Text regex(String regex) {
      return new Text(regex, true);
    }
  }

  private Matchers() {}

  /** A {@code type.matcher.v3.StringMatcher}, or null after a problem. */
  static Text string(StringMatcher matcher, String path, Problems problems) {
    int before = problems.size();
    Fields.only(matcher, path, problems, STRING, STRING_REASONS);
    String flags = matcher.getIgnoreCase() ? "(?is)" : "(?s)";
    Text text =
        switch (matcher.getMatchPatternCase()) {
          case EXACT ->
              matcher.getIgnoreCase()
                  ? Text.regex(flags + Pattern.quote(matcher.getExact()))
                  : Text.exact(matcher.getExact());
          case PREFIX -> Text.regex(flags + Pattern.quote(matcher.getPrefix()) + ".*");
          case SUFFIX -> Text.regex(flags + ".*" + Pattern.quote(matcher.getSuffix()));
          case CONTAINS -> Text.regex(flags + ".*" + Pattern.quote(matcher.getContains()) + ".*");
          case SAFE_REGEX -> {
            String regex = regex(matcher.getSafeRegex(), Problems.at(path, "safe_regex"), problems);
            yield regex == null ? null : Text.regex(regex);
          }
          default -> {
            if (problems.size() == before) {
              problems.add(path, "expected one of exact, prefix, suffix, contains, safe_regex");
            }
            yield null;
          }
        };
    return problems.size() == before ? text : null;
  }

  /** A {@code type.matcher.v3.RegexMatcher}'s expression, checked; null after a problem. */
  static String regex(RegexMatcher matcher, String path, Problems problems) {
    int before = problems.size();
    Fields.only(matcher, path, problems, REGEX);
    if (problems.size() != before) {
      return null;
    }
    return checked(matcher.getRegex(), Problems.at(path, "regex"), problems);
  }

  /** {@code regex} if it compiles (as a Java expression), else null after a problem. */
  static String checked(String regex, String path, Problems problems) {
    try {
      Pattern.compile(regex);
      return regex;
    } catch (PatternSyntaxException e) {
      problems.add(
          path,
          "invalid regular expression: "
              + e.getDescription()
              + " in \""
              + regex
              + "\" (Weft compiles RE2 syntax as Java regular expressions)");
      return null;
    }
  }

  /** A {@code route.v3.HeaderMatcher}, or null after a problem. */
  static HeaderMatcher header(
      io.envoyproxy.envoy.config.route.v3.HeaderMatcher matcher, String path, Problems problems) {
    int before = problems.size();
    Fields.only(matcher, path, problems, HEADER, HEADER_REASONS);
    String name = matcher.getName();
    if (name.isEmpty()) {
      problems.add(Problems.at(path, "name"), "must not be empty");
    } else if (name.startsWith(":")) {
      problems.add(
          Problems.at(path, "name"),
          "not supported by Weft: matching pseudo-header \""
              + name
              + "\"; match the path with prefix, path or safe_regex, the host with the virtual"
              + " host's domains");
    }
    boolean invert = matcher.getInvertMatch() != absent(matcher);
    Text text = value(matcher, path, problems);
    if (text == null || problems.size() != before) {
      return null;
    }
    return new HeaderMatcher(name, text.value(), text.regex(), invert);
  }

  private static Text value(
      io.envoyproxy.envoy.config.route.v3.HeaderMatcher matcher, String path, Problems problems) {
    HeaderMatchSpecifierCase specifier = matcher.getHeaderMatchSpecifierCase();
    return switch (specifier) {
      case EXACT_MATCH -> Text.exact(matcher.getExactMatch());
      case SAFE_REGEX_MATCH -> {
        String regex =
            regex(matcher.getSafeRegexMatch(), Problems.at(path, "safe_regex_match"), problems);
        yield regex == null ? null : Text.regex(regex);
      }
      case PREFIX_MATCH -> Text.regex("(?s)" + Pattern.quote(matcher.getPrefixMatch()) + ".*");
      case SUFFIX_MATCH -> Text.regex("(?s).*" + Pattern.quote(matcher.getSuffixMatch()));
      case CONTAINS_MATCH ->
          Text.regex("(?s).*" + Pattern.quote(matcher.getContainsMatch()) + ".*");
      case STRING_MATCH ->
          string(matcher.getStringMatch(), Problems.at(path, "string_match"), problems);
      // present_match: true means present (any value, even empty); false means absent, which
      // is "present" inverted.
      case PRESENT_MATCH -> Text.regex("(?s).*");
      // No specifier: Envoy matches any request carrying the header.
      default -> Text.regex("(?s).*");
    };
  }

  /** Whether {@code matcher} is a {@code present_match: false} (the header must be absent). */
  static boolean absent(io.envoyproxy.envoy.config.route.v3.HeaderMatcher matcher) {
    return matcher.getHeaderMatchSpecifierCase() == HeaderMatchSpecifierCase.PRESENT_MATCH
        && !matcher.getPresentMatch();
  }
}
