package dev.weft.dataplane.filter.fault;

import dev.weft.dataplane.config.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the {@code fault} filter's config block. Keys (MOSN's {@code StreamFaultInject}):
 *
 * <ul>
 *   <li>{@code delay}: {@code fixed_delay} (a Go duration string, required) and {@code percentage}
 *       (0 to 100, required);
 *   <li>{@code abort}: {@code status} (100 to 599, required) and {@code percentage} (0 to 100,
 *       required);
 *   <li>{@code headers}: {@code [{name, value, regex}]}, every one must match; {@code regex} (a
 *       boolean, default false) makes {@code value} a Java regular expression matched against the
 *       whole header value.
 * </ul>
 *
 * At least one of {@code delay} and {@code abort} is required. MOSN's {@code upstream_cluster} is
 * refused with an explanation: Weft runs stream filters before routing, when the cluster is not
 * known yet. Percentages are required (MOSN reads a missing one as 0, which silently disables the
 * fault).
 */
final class FaultConfigParser {
  private static final Set<String> KEYS = Set.of("delay", "abort", "headers");
  private static final Set<String> DELAY_KEYS = Set.of("fixed_delay", "percentage");
  private static final Set<String> ABORT_KEYS = Set.of("status", "percentage");
  private static final Set<String> HEADER_KEYS = Set.of("name", "value", "regex");

  private FaultConfigParser() {}

  static FaultConfig parse(ConfigNode config) {
    if (config.isObject() && config.has("upstream_cluster")) {
      throw config.error(
          "upstream_cluster",
          "is not supported: Weft runs stream filters before routing, so the cluster is not known"
              + " yet; match requests with \"headers\" instead");
    }
    config.checkKeys(KEYS, Set.of());
    Optional<FaultConfig.Delay> delay = config.get("delay").map(FaultConfigParser::delay);
    Optional<FaultConfig.Abort> abort = config.get("abort").map(FaultConfigParser::abort);
    if (delay.isEmpty() && abort.isEmpty()) {
      throw config.error("expected \"delay\", \"abort\" or both");
    }
    List<FaultConfig.HeaderMatch> headers = new ArrayList<>();
    for (ConfigNode header : config.array("headers")) {
      headers.add(header(header));
    }
    return new FaultConfig(delay, abort, headers);
  }

  private static FaultConfig.Delay delay(ConfigNode node) {
    node.checkKeys(DELAY_KEYS, Set.of());
    Duration fixed = node.require("fixed_delay").asDuration();
    return new FaultConfig.Delay(fixed, percentage(node));
  }

  private static FaultConfig.Abort abort(ConfigNode node) {
    node.checkKeys(ABORT_KEYS, Set.of());
    int status = (int) node.require("status").asLong(100, 599);
    return new FaultConfig.Abort(status, percentage(node));
  }

  private static int percentage(ConfigNode node) {
    return (int) node.require("percentage").asLong(0, 100);
  }

  private static FaultConfig.HeaderMatch header(ConfigNode node) {
    node.checkKeys(HEADER_KEYS, Set.of());
    String name = node.nonEmptyString("name");
    String value = node.string("value");
    Optional<Pattern> regex = Optional.empty();
    if (node.bool("regex", false)) {
      try {
        regex = Optional.of(Pattern.compile(value));
      } catch (PatternSyntaxException e) {
        throw node.error("value", "is not a valid regular expression: " + e.getDescription());
      }
    }
    return new FaultConfig.HeaderMatch(name, value, regex);
  }
}
