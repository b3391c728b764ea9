package dev.weft.dataplane.proxy;

import dev.weft.dataplane.config.ConfigNode;
import dev.weft.dataplane.protocol.ProtocolOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The proxy filter's {@code extend_config}: codec limits keyed by protocol name ({@code {"Http1":
 * {"max_header_size": 32768}}}), or, as MOSN still accepts, un-keyed when the listener has one
 * protocol. Every key is checked; the values become one {@link ProtocolOptions} per listener (each
 * codec reads the limits it has).
 */
final class ProtocolOptionsParser {
  static final String MAX_HEADER = "max_header_size";
  static final String MAX_FRAME = "max_frame_size";
  static final String MAX_STREAMS = "max_concurrent_streams";
  static final String WINDOW = "initial_window_size";
  private static final Set<String> KEYS = Set.of(MAX_HEADER, MAX_FRAME, MAX_STREAMS, WINDOW);

  /** Weft always streams HTTP/2 bodies, which is what this MOSN switch turns on. */
  private static final Set<String> IGNORED = Set.of("http2_use_stream");

  private ProtocolOptionsParser() {}

  /**
   * Reads {@code extend}; {@code isProtocol} says whether a key names a protocol. Returns the
   * options by protocol (or {@code "*"} for the un-keyed form), values as validated strings.
   */
  static Map<String, Map<String, String>> parse(ConfigNode extend, Predicate<String> isProtocol) {
    Map<String, Map<String, String>> options = new LinkedHashMap<>();
    Map<String, String> unkeyed = new LinkedHashMap<>();
    for (String key : extend.keys()) {
      ConfigNode value = extend.require(key);
      if (key.equals("sub_protocol")) {
        continue; // the legacy "X" form, read by the proxy filter itself
      }
      if (isProtocol.test(key)) {
        options.put(key, limits(value));
      } else if (KEYS.contains(key) || IGNORED.contains(key)) {
        read(extend, key, unkeyed);
      } else {
        throw extend.error(
            key,
            "unknown key; expected a protocol name holding limits, or one of "
                + String.join(", ", KEYS));
      }
    }
    if (!unkeyed.isEmpty()) {
      options.put("*", unkeyed);
    }
    return options;
  }

  private static Map<String, String> limits(ConfigNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    node.checkKeys(KEYS, IGNORED);
    for (String key : node.keys()) {
      read(node, key, values);
    }
    return values;
  }

  private static void read(ConfigNode parent, String key, Map<String, String> into) {
    if (IGNORED.contains(key)) {
      parent.warn(key, "ignored: Weft always streams bodies");
      return;
    }
    long value = parent.require(key).asLong(1, Integer.MAX_VALUE);
    into.put(key, Long.toString(value));
  }

  /** The limits for a listener: defaults, overridden by every protocol's entries. */
  static ProtocolOptions toOptions(Map<String, Map<String, String>> byProtocol) {
    ProtocolOptions defaults = ProtocolOptions.DEFAULTS;
    Map<String, String> merged = new LinkedHashMap<>();
    byProtocol.values().forEach(merged::putAll);
    return new ProtocolOptions(
        intOr(merged, MAX_HEADER, defaults.maxHeaderBytes()),
        defaults.maxInitialLineBytes(),
        intOr(merged, MAX_STREAMS, defaults.maxConcurrentStreams()),
        intOr(merged, WINDOW, defaults.initialWindowBytes()),
        intOr(merged, MAX_FRAME, defaults.maxFrameBytes()));
  }

  private static int intOr(Map<String, String> values, String key, int fallback) {
    String value = values.get(key);
    return value == null ? fallback : Integer.parseInt(value);
  }
}
