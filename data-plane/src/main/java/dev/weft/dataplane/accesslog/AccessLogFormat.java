package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.protocol.RequestHead;
import dev.weft.dataplane.protocol.ResponseHead;
import dev.weft.dataplane.stream.RequestInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled access log format in MOSN's syntax: text with variables between percent signs, such as
 * {@code %start_time% %response_code% %request_header_user-agent%}. {@code %%} is a literal percent
 * sign. Variables are checked when the format is parsed, so a typo is a config error, not a
 * silently empty field.
 *
 * <p>Variables (see {@link #knownVariables()}): {@code start_time} ({@code 2006/01/02 15:04:05.000}
 * in local time, as MOSN writes it), the durations {@code request_received_duration}, {@code
 * response_received_duration}, {@code request_finished_duration} and {@code duration} (Go syntax:
 * {@code 1.5ms}), {@code bytes_sent}, {@code bytes_received}, {@code protocol}, {@code
 * response_code}, {@code response_flag} (Envoy short codes such as {@code UF,URX}, or {@code -}),
 * {@code upstream_local_address}, {@code downstream_local_address}, {@code
 * downstream_remote_address}, {@code upstream_host}, {@code upstream_cluster}, {@code route_name},
 * and the header families {@code request_header_<name>} and {@code response_header_<name>}. A value
 * not known for a request is written as {@code -}.
 *
 * <p>Immutable and shared by every event loop.
 */
public final class AccessLogFormat {
  /**
   * MOSN's default format, variable for variable (including its second {@code response_code}), so
   * that tools reading MOSN's access logs read these too.
   */
  public static final String DEFAULT_TEXT =
      "%start_time% %request_received_duration% %response_received_duration% %bytes_sent%"
          + " %bytes_received% %protocol% %response_code% %duration% %response_flag%"
          + " %response_code% %upstream_local_address% %downstream_local_address%"
          + " %downstream_remote_address% %upstream_host%";

  public static final AccessLogFormat DEFAULT = parse(DEFAULT_TEXT);

  private final String text;
  private final List<LogPart> parts;
  private final List<String> variables;

  private AccessLogFormat(String text, List<LogPart> parts, List<String> variables) {
    this.text = text;
    this.parts = List.copyOf(parts);
    this.variables = List.copyOf(variables);
  }

  /**
   * Compiles {@code text}.
   *
   * @throws IllegalArgumentException naming an unknown variable and listing the known ones, or
   *     pointing at a {@code %} that opens a variable without closing it
   */
  public static AccessLogFormat parse(String text) {
    List<LogPart> parts = new ArrayList<>();
    List<String> variables = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '%') {
        literal.append(c);
        i++;
        continue;
      }
      int close = text.indexOf('%', i + 1);
      if (close < 0) {
        throw new IllegalArgumentException(
            "access log format has a '%' at position "
                + i
                + " that opens a variable but never closes it (write %% for a literal %): \""
                + text
                + "\"");
      }
      if (close == i + 1) {
        literal.append('%');
        i += 2;
        continue;
      }
      String name = text.substring(i + 1, close);
      LogPart variable =
          LogVariables.find(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown access log variable %"
                              + name
                              + "%; known variables: "
                              + String.join(", ", LogVariables.known())));
      flushLiteral(literal, parts);
      parts.add(variable);
      variables.add(name);
      i = close + 1;
    }
    flushLiteral(literal, parts);
    return new AccessLogFormat(text, parts, variables);
  }

  /** The variables this format may name: plain names, then the header families. */
  public static List<String> knownVariables() {
    return LogVariables.known();
  }

  private static void flushLiteral(StringBuilder literal, List<LogPart> parts) {
    if (literal.length() > 0) {
      String value = literal.toString();
      parts.add((out, info, request, response) -> out.append(value));
      literal.setLength(0);
    }
  }

  /** The format as written. */
  public String text() {
    return text;
  }

  /** The variables named, in order of appearance. */
  public List<String> variables() {
    return variables;
  }

  /**
   * One line (without its newline) for a request.
   *
   * @param request null for an L4 connection
   * @param response null when no response head was sent
   */
  public String format(RequestInfo info, RequestHead request, ResponseHead response) {
    StringBuilder out = new StringBuilder(160);
    appendTo(out, info, request, response);
    return out.toString();
  }

  /** Appends one line (without its newline) for a request to {@code out}. */
  public void appendTo(
      StringBuilder out, RequestInfo info, RequestHead request, ResponseHead response) {
    for (int i = 0; i < parts.size(); i++) {
      parts.get(i).append(out, info, request, response);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
