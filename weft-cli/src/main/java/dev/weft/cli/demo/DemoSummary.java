package dev.weft.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The end of a demo: per service the correct answers, the failures and the providers that answered
 * (one line each, {@code <protocol> <service> ok=N errors=N providers: name=N ...}), and a verdict.
 * The demo passed when every service was answered at least once, no call failed, the scenario
 * finished and nothing else went wrong.
 */
public final class DemoSummary {
  private final List<TrafficRow> rows;
  private final Duration traffic;
  private final boolean scenarioFinished;
  private final Optional<String> unfinished;
  private final Optional<String> failure;

  /**
   * @param rows the last reading of every service
   * @param traffic how long the traffic ran
   * @param scenarioFinished whether the scenario got to its last step
   * @param unfinished why it is a failure that the scenario did not finish (the duration ran out),
   *     if it is; Ctrl-C before the end is not one
   * @param failure what stopped the demo early, if something did (a process died, a start timed
   *     out)
   */
  public DemoSummary(
      List<TrafficRow> rows,
      Duration traffic,
      boolean scenarioFinished,
      Optional<String> unfinished,
      Optional<String> failure) {
    this.rows = List.copyOf(rows);
    this.traffic = traffic;
    this.scenarioFinished = scenarioFinished;
    this.unfinished = unfinished;
    this.failure = failure;
  }

  /** Whether the demo showed the whole mesh working. */
  public boolean passed() {
    return problems().isEmpty();
  }

  /** Everything that makes it fail, in words; empty when it passed. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    failure.ifPresent(problems::add);
    for (TrafficRow row : rows) {
      String protocol = row.service().protocol();
      if (row.ok() == 0) {
        problems.add(protocol + ": no call was answered");
      }
      if (row.failures() > 0) {
        problems.add(
            protocol
                + ": "
                + row.failures()
                + (row.failures() == 1 ? " call" : " calls")
                + " failed (last: "
                + TableRenderer.cut(String.valueOf(row.lastError()))
                + ")");
      }
    }
    unfinished.ifPresent(problems::add);
    return problems;
  }

  /** The summary's lines. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("summary after " + TableRenderer.seconds(traffic) + " of traffic:");
    int width = 0;
    for (TrafficRow row : rows) {
      width = Math.max(width, row.service().dataId().length());
    }
    for (TrafficRow row : rows) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-5s  %-" + width + "s  ok=%d  errors=%d  providers: %s",
              row.service().protocol(),
              row.service().dataId(),
              row.ok(),
              row.failures(),
              providers(row.total())));
    }
    List<String> problems = problems();
    if (problems.isEmpty()) {
      lines.add(
          "result: PASS: every protocol was answered, no call failed"
              + (scenarioFinished
                  ? ", the scenario finished"
                  : "; stopped before the scenario's end"));
    } else {
      lines.add("result: FAIL");
      problems.forEach(problem -> lines.add("  - " + problem));
    }
    return lines;
  }

  static String providers(Map<String, Long> answers) {
    if (answers.isEmpty()) {
      return "-";
    }
    StringJoiner joined = new StringJoiner(" ");
    new TreeMap<>(answers).forEach((provider, count) -> joined.add(provider + "=" + count));
    return joined.toString();
  }
}
