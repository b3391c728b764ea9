package dev.weft.dataplane.admin;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small checker of the Prometheus text format 0.0.4, for tests: every line is a {@code # TYPE}, a
 * {@code # HELP} or a sample; names and label names are well formed; label values are properly
 * escaped; each name has one {@code # TYPE} line, before its samples, and its samples are
 * contiguous.
 */
final class PrometheusFormat {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\[\\\\\"n]|[^\"\\\\\\n])*\"";
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "("
              + NAME
              + ")(\\{"
              + LABEL
              + "(?:,"
              + LABEL
              + ")*\\})? (-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|NaN|[+-]Inf)(?: -?[0-9]+)?");

  private PrometheusFormat() {}

  /**
   * Checks {@code text} and returns its samples, {@code name{labels}} to value.
   *
   * @throws AssertionError naming the first bad line
   */
  static Map<String, Double> parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Double> samples = new LinkedHashMap<>();
    Set<String> finished = new HashSet<>();
    String current = null;
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the exposition must end with a line feed");
    }
    String body = text.isEmpty() ? "" : text.substring(0, text.length() - 1);
    int number = 0;
    for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
      number++;
      Matcher type = TYPE.matcher(line);
      Matcher sample = SAMPLE.matcher(line);
      if (type.matches()) {
        if (types.put(type.group(1), type.group(2)) != null) {
          throw new AssertionError("line " + number + ": second # TYPE for " + type.group(1));
        }
      } else if (line.startsWith("# HELP ")) {
        continue;
      } else if (sample.matches()) {
        String name = sample.group(1);
        if (!types.containsKey(name)) {
          throw new AssertionError("line " + number + ": sample before its # TYPE: " + line);
        }
        if (!name.equals(current)) {
          if (!finished.add(name)) {
            throw new AssertionError("line " + number + ": samples of " + name + " are split");
          }
          current = name;
        }
        String key = name + (sample.group(2) == null ? "" : sample.group(2));
        if (samples.put(key, Double.parseDouble(sample.group(3))) != null) {
          throw new AssertionError("line " + number + ": duplicate sample " + key);
        }
      } else {
        throw new AssertionError("line " + number + " is not Prometheus text: " + line);
      }
    }
    return samples;
  }

  /** The {@code # TYPE} of each name in {@code text}. */
  static Map<String, String> types(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        types.put(type.group(1), type.group(2));
      }
    }
    return types;
  }
}
