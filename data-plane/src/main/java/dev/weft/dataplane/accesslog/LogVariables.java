package dev.weft.dataplane.accesslog;

import dev.weft.dataplane.protocol.HeaderMap;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The variables an access log format may name, with MOSN's names. A value that is not known (no
 * upstream host yet, no response header) is written as {@code -}.
 *
 * <p>Two families take a header name after a prefix: {@code %request_header_<name>%} and {@code
 * %response_header_<name>%} (names match case-insensitively, as MOSN's prefix variables do).
 */
final class LogVariables {
  static final String REQUEST_HEADER = "request_header_";
  static final String RESPONSE_HEADER = "response_header_";
  private static final String NONE = "-";
  private static final DateTimeFormatter START_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  /** Name -> part, in the order the error message lists them. */
  private static final Map<String, LogPart> BUILTIN = builtins();

  /** Prefix -> a part for the text after the prefix. */
  private static final Map<String, Function<String, LogPart>> PREFIXED =
      Map.of(
          REQUEST_HEADER,
          name ->
              (out, info, request, response) ->
                  header(out, request == null ? null : request.headers(), name),
          RESPONSE_HEADER,
          name ->
              (out, info, request, response) ->
                  header(out, response == null ? null : response.headers(), name));

  private LogVariables() {}

  /** The part for variable {@code name}, if it is one. */
  static Optional<LogPart> find(String name) {
    LogPart builtin = BUILTIN.get(name);
    if (builtin != null) {
      return Optional.of(builtin);
    }
    for (Map.Entry<String, Function<String, LogPart>> prefix : PREFIXED.entrySet()) {
      if (name.startsWith(prefix.getKey()) && name.length() > prefix.getKey().length()) {
        return Optional.of(prefix.getValue().apply(name.substring(prefix.getKey().length())));
      }
    }
    return Optional.empty();
  }

  /** Every variable, for error messages: the plain ones, then the prefixed families. */
  static List<String> known() {
    List<String> names = new ArrayList<>(BUILTIN.keySet());
    names.add(REQUEST_HEADER + "<name>");
    names.add(RESPONSE_HEADER + "<name>");
    return names;
  }

  private static Map<String, LogPart> builtins() {
    Map<String, LogPart> parts = new LinkedHashMap<>();
    parts.put(
        "start_time",
        (out, info, rq, rs) -> START_TIME.formatTo(Instant.ofEpochMilli(info.startMillis()), out));
    parts.put(
        "request_received_duration",
        (out, info, rq, rs) -> duration(out, info.requestReceivedNanos()));
    parts.put(
        "response_received_duration",
        (out, info, rq, rs) -> duration(out, info.responseReceivedNanos()));
    parts.put(
        "request_finished_duration",
        (out, info, rq, rs) -> duration(out, info.ended() ? info.durationNanos() : -1));
    parts.put("duration", (out, info, rq, rs) -> duration(out, info.durationNanos()));
    parts.put("bytes_sent", (out, info, rq, rs) -> out.append(info.bytesSent()));
    parts.put("bytes_received", (out, info, rq, rs) -> out.append(info.bytesReceived()));
    parts.put("protocol", (out, info, rq, rs) -> text(out, info.protocol()));
    parts.put("response_code", (out, info, rq, rs) -> out.append(info.responseCode()));
    parts.put("response_flag", (out, info, rq, rs) -> out.append(info.flagCodes()));
    parts.put(
        "upstream_local_address", (out, info, rq, rs) -> address(out, info.upstreamLocalAddress()));
    parts.put(
        "downstream_local_address",
        (out, info, rq, rs) ->
            address(out, info.downstream() == null ? null : info.downstream().localAddress()));
    parts.put(
        "downstream_remote_address",
        (out, info, rq, rs) ->
            address(out, info.downstream() == null ? null : info.downstream().remoteAddress()));
    parts.put("upstream_host", (out, info, rq, rs) -> text(out, info.upstreamHost()));
    parts.put("upstream_cluster", (out, info, rq, rs) -> text(out, info.upstreamCluster()));
    parts.put("route_name", (out, info, rq, rs) -> text(out, info.routeName()));
    return Collections.unmodifiableMap(parts);
  }

  private static void duration(StringBuilder out, long nanos) {
    if (nanos < 0) {
      out.append(NONE);
    } else {
      GoDurationText.append(out, nanos);
    }
  }

  private static void text(StringBuilder out, String value) {
    out.append(value == null || value.isEmpty() ? NONE : value);
  }

  private static void address(StringBuilder out, InetSocketAddress address) {
    if (address == null) {
      out.append(NONE);
      return;
    }
    String host =
        address.getAddress() == null
            ? address.getHostString()
            : address.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      out.append('[').append(host).append(']');
    } else {
      out.append(host);
    }
    out.append(':').append(address.getPort());
  }

  private static void header(StringBuilder out, HeaderMap headers, String name) {
    text(out, headers == null ? null : headers.get(name));
  }
}
