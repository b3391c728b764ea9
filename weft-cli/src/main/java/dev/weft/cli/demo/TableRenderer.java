package dev.weft.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Renders a {@link DemoFrame} as the lines of the live table: a header, one row per service (rate,
 * totals, and how many calls each provider answered in the last second), the scenario's step, the
 * latest events and the services' last errors. Plain text; the terminal control codes that redraw
 * it in place are {@link #redraw}'s business.
 */
public final class TableRenderer {
  /** Errors are cut to this many characters, so a row fits a terminal line. */
  static final int ERROR_WIDTH = 100;

  private static final String HOME = "\033[H";
  private static final String CLEAR_LINE = "\033[K";
  private static final String CLEAR_BELOW = "\033[J";

  /** The frame's lines. */
  public List<String> render(DemoFrame frame) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "weft demo · store: "
            + frame.store()
            + " · "
            + clock(frame)
            + " · logs in "
            + frame.runDir());
    lines.add("pods: " + frame.pods());
    lines.add("");
    int width = serviceWidth(frame.rows());
    lines.add(
        String.format(
            Locale.ROOT,
            "%-8s  %-" + width + "s  %6s  %7s  %6s  %s",
            "PROTOCOL",
            "SERVICE",
            "REQ/S",
            "OK",
            "ERRORS",
            "ANSWERED BY (LAST SECOND)"));
    for (TrafficRow row : frame.rows()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-8s  %-" + width + "s  %6.1f  %7d  %6d  %s",
              row.service().protocol(),
              row.service().dataId(),
              row.perSecond(),
              row.ok(),
              row.failures(),
              answeredBy(row)));
    }
    lines.add("");
    lines.add(frame.step());
    for (String event : frame.events()) {
      lines.add("  " + event);
    }
    for (TrafficRow row : frame.rows()) {
      if (row.lastError() != null) {
        lines.add("last error (" + row.service().protocol() + "): " + cut(row.lastError()));
      }
    }
    lines.add("");
    if (frame.over()) {
      lines.add("The demo is over: every process it started has stopped.");
    } else {
      lines.add(
          frame.duration().isPresent()
              ? "Ctrl-C stops the demo early."
              : "Ctrl-C stops the demo (no --duration given).");
    }
    return lines;
  }

  /** The frame as terminal output that replaces the previous one in place. */
  public String redraw(DemoFrame frame) {
    StringBuilder out = new StringBuilder(HOME);
    for (String line : render(frame)) {
      out.append(line).append(CLEAR_LINE).append('\n');
    }
    return out.append(CLEAR_BELOW).toString();
  }

  /** Each provider that ever answered, with its answers in the last interval, by name. */
  static String answeredBy(TrafficRow row) {
    if (row.total().isEmpty()) {
      return "-";
    }
    StringJoiner joined = new StringJoiner("  ");
    for (Map.Entry<String, Long> provider : new java.util.TreeMap<>(row.total()).entrySet()) {
      joined.add(provider.getKey() + " " + row.lastInterval().getOrDefault(provider.getKey(), 0L));
    }
    return joined.toString();
  }

  private static String clock(DemoFrame frame) {
    if (frame.traffic().isEmpty()) {
      return "starting the mesh (" + seconds(frame.sinceStart()) + ")";
    }
    return "traffic "
        + seconds(frame.traffic().get())
        + frame.duration().map(d -> " of " + seconds(d)).orElse("");
  }

  static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }

  private static int serviceWidth(List<TrafficRow> rows) {
    int width = "SERVICE".length();
    for (TrafficRow row : rows) {
      width = Math.max(width, row.service().dataId().length());
    }
    return width;
  }

  static String cut(String text) {
    String line = text.replace('\n', ' ');
    return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 1) + "…";
  }
}
