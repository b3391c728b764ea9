package dev.weft.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as options take them: {@code 500ms}, {@code 10s}, {@code 1m}. */
final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)");

  private Durations() {}

  /**
   * Parses {@code text}, given to {@code option}, as a duration of at least {@code min}.
   *
   * @throws CliException (exit 2) naming the option and the expected form
   */
  static Duration parse(String option, String text, Duration min) {
    Matcher matcher = FORM.matcher(text.trim());
    if (!matcher.matches()) {
      throw CliException.usage(
          option + ": expected a duration like 500ms, 10s or 1m, got '" + text + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          default -> Duration.ofMinutes(amount);
        };
    if (duration.compareTo(min) < 0) {
      throw CliException.usage(
          option + ": expected a duration of at least " + format(min) + ", got '" + text + "'");
    }
    return duration;
  }

  /** The shortest of the accepted forms that says {@code duration} exactly. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 && millis > 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
