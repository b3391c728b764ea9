package dev.weft.dataplane.xds.translate;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Weft's strictness on protobuf messages: every field a message sets must be one Weft reads (or
 * knows to be informational); any other, and any field unknown to Weft's copy of Envoy's API, is a
 * problem naming it. So a feature Weft lacks is refused, never silently dropped.
 */
final class Fields {
  private Fields() {}

  /** A problem for each field set in {@code message} outside {@code allowed}. */
  static void only(Message message, String path, Problems problems, Set<String> allowed) {
    only(message, path, problems, allowed, Map.of());
  }

  /**
   * A problem for each field set in {@code message} outside {@code allowed}, saying what Weft lacks
   * ({@code reasons}, by field name) and which fields it reads.
   */
  static void only(
      Message message,
      String path,
      Problems problems,
      Set<String> allowed,
      Map<String, String> reasons) {
    String type = message.getDescriptorForType().getName();
    for (FieldDescriptor field : message.getAllFields().keySet()) {
      String name = field.getName();
      if (allowed.contains(name)) {
        continue;
      }
      String reason = reasons.get(name);
      problems.add(
          Problems.at(path, name),
          "not supported by Weft"
              + (reason == null ? "" : ": " + reason)
              + "; "
              + article(type)
              + " "
              + type
              + " may set "
              + String.join(", ", new TreeSet<>(allowed)));
    }
    if (!message.getUnknownFields().asMap().isEmpty()) {
      problems.add(
          path.isEmpty() ? type : path,
          "fields "
              + message.getUnknownFields().asMap().keySet()
              + " are unknown to Weft's copy of Envoy's API, so Weft cannot tell what they ask"
              + " for");
    }
  }

  private static String article(String type) {
    return "AEIOU".indexOf(type.charAt(0)) >= 0 ? "an" : "a";
  }

  static Duration duration(com.google.protobuf.Duration duration) {
    return Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
  }

  /**
   * The string form of metadata {@code namespace}'s entries: strings as they are, numbers without a
   * needless {@code .0}, booleans as {@code true}/{@code false}; lists, structs and nulls are a
   * problem (Weft's host and route metadata are strings), or left out when {@code problems} is
   * null.
   */
  static Map<String, String> metadata(
      Metadata metadata, String namespace, String path, Problems problems) {
    Struct struct = metadata.getFilterMetadataOrDefault(namespace, Struct.getDefaultInstance());
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new TreeSet<>(struct.getFieldsMap().keySet())) {
      Value value = struct.getFieldsMap().get(key);
      String where = path + ".filter_metadata[\"" + namespace + "\"]." + key;
      switch (value.getKindCase()) {
        case STRING_VALUE -> values.put(key, value.getStringValue());
        case BOOL_VALUE -> values.put(key, Boolean.toString(value.getBoolValue()));
        case NUMBER_VALUE -> values.put(key, number(value.getNumberValue()));
        default -> {
          if (problems != null) {
            problems.add(
                where,
                "expected a string, number or boolean, got "
                    + value.getKindCase().name().toLowerCase(java.util.Locale.ROOT)
                    + " (Weft's metadata values are strings)");
          }
        }
      }
    }
    return values;
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** The names in a list of strings, for messages: {@code a, b, c}. */
  static String names(List<String> names) {
    return String.join(", ", names);
  }
}
