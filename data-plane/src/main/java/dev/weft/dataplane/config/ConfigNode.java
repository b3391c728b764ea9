package dev.weft.dataplane.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A node of a JSON config that knows where it is ({@code servers[0].listeners[1]}), so that every
 * mistake names the file, the path and what was expected.
 *
 * <p>Keys match exactly first, then ignoring case, as Go's {@code encoding/json} does for MOSN (the
 * seeds write {@code "Name"} for {@code name}).
 */
public final class ConfigNode {
  private static final Consumer<String> NO_WARNINGS = warning -> {};

  private final String source;
  private final String path;
  private final JsonElement element;
  private final Consumer<String> warnings;

  public ConfigNode(String source, String path, JsonElement element) {
    this(source, path, element, NO_WARNINGS);
  }

  private ConfigNode(String source, String path, JsonElement element, Consumer<String> warnings) {
    this.source = source;
    this.path = path;
    this.element = element;
    this.warnings = warnings;
  }

  /** The root of a document read from {@code source} (a file name or a resource name). */
  public static ConfigNode root(String source, JsonElement element) {
    return new ConfigNode(source, "", element);
  }

  /**
   * Another document ({@code router_configs/a.json}) referenced from this one; its warnings go
   * where this node's go.
   */
  public ConfigNode document(String source, JsonElement element) {
    return new ConfigNode(source, "", element, warnings);
  }

  /** This node, with {@link #warn} reporting to {@code sink} here and in every child. */
  public ConfigNode withWarnings(Consumer<String> sink) {
    return new ConfigNode(source, path, element, sink);
  }

  /**
   * Reports something that is accepted but has no effect, as {@code file: path: message}; the
   * loader prints it as a warning.
   */
  public void warn(String message) {
    warnings.accept(source + ": " + path + ": " + message);
  }

  /** Reports a key of this object that is accepted but has no effect. */
  public void warn(String key, String message) {
    warnings.accept(source + ": " + child(key) + ": " + message);
  }

  public String source() {
    return source;
  }

  public String path() {
    return path;
  }

  public JsonElement json() {
    return element;
  }

  public boolean isNull() {
    return element == null || element.isJsonNull();
  }

  public boolean isObject() {
    return element != null && element.isJsonObject();
  }

  public boolean isArray() {
    return element != null && element.isJsonArray();
  }

  public boolean isString() {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }

  /** A mistake at this node. */
  public ConfigException error(String message) {
    return new ConfigException(new ConfigError(source, path, message));
  }

  /** A mistake at {@code key} below this node. */
  public ConfigException error(String key, String message) {
    return new ConfigException(new ConfigError(source, child(key), message));
  }

  // ----- objects -----

  /** The keys of this object as written. */
  public Set<String> keys() {
    return object().keySet();
  }

  /** The child at {@code key}, if present and not null. */
  public Optional<ConfigNode> get(String key) {
    JsonObject object = object();
    String actual = actualKey(object, key);
    if (actual == null || object.get(actual).isJsonNull()) {
      return Optional.empty();
    }
    return Optional.of(new ConfigNode(source, child(actual), object.get(actual), warnings));
  }

  public ConfigNode require(String key) {
    return get(key).orElseThrow(() -> error(key, "is required"));
  }

  public boolean has(String key) {
    return get(key).isPresent();
  }

  /**
   * Fails on a key that is neither in {@code supported} nor in {@code ignored}, listing the keys
   * this object accepts. Keys in {@code ignored} are known but have no effect in Weft; they are
   * returned so the caller can warn about them.
   */
  public List<String> checkKeys(Set<String> supported, Set<String> ignored) {
    List<String> ignoredPresent = new ArrayList<>();
    for (String key : keys()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (containsIgnoreCase(supported, lower)) {
        continue;
      }
      if (containsIgnoreCase(ignored, lower)) {
        ignoredPresent.add(child(key));
        continue;
      }
      Set<String> expected = new TreeSet<>(supported);
      throw error(key, "unknown key; expected one of " + String.join(", ", expected));
    }
    return ignoredPresent;
  }

  // ----- typed values -----

  public String asString() {
    if (!isString()) {
      throw error("expected a string, got " + describe());
    }
    return element.getAsString();
  }

  public String string(String key) {
    return require(key).asString();
  }

  public Optional<String> optString(String key) {
    return get(key).map(ConfigNode::asString);
  }

  public String string(String key, String defaultValue) {
    return optString(key).orElse(defaultValue);
  }

  /** A string that must not be empty. */
  public String nonEmptyString(String key) {
    String value = string(key);
    if (value.isBlank()) {
      throw error(key, "must not be empty");
    }
    return value;
  }

  public boolean asBoolean() {
    if (element == null
        || !element.isJsonPrimitive()
        || !element.getAsJsonPrimitive().isBoolean()) {
      throw error("expected true or false, got " + describe());
    }
    return element.getAsBoolean();
  }

  public boolean bool(String key, boolean defaultValue) {
    return get(key).map(ConfigNode::asBoolean).orElse(defaultValue);
  }

  public long asLong() {
    if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
      throw error("expected a whole number, got " + describe());
    }
    double value = element.getAsDouble();
    if (value != Math.rint(value)) {
      throw error("expected a whole number, got " + element);
    }
    return element.getAsLong();
  }

  /** A whole number within {@code [min, max]}. */
  public long asLong(long min, long max) {
    long value = asLong();
    if (value < min || value > max) {
      throw error("expected a number from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return get(key).map(n -> (int) n.asLong(min, max)).orElse(defaultValue);
  }

  /** A Go duration string ({@code "30s"}). */
  public Duration asDuration() {
    if (!isString()) {
      throw error("expected a duration string such as \"30s\" or \"300ms\", got " + describe());
    }
    try {
      Duration duration = GoDuration.parse(element.getAsString());
      if (duration.isNegative()) {
        throw error(
            "expected a duration that is not negative, got \"" + element.getAsString() + "\"");
      }
      return duration;
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  public Optional<Duration> optDuration(String key) {
    return get(key).map(ConfigNode::asDuration);
  }

  public HostPort asHostPort() {
    try {
      return HostPort.parse(asString());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  // ----- arrays -----

  /** The elements of this array. */
  public List<ConfigNode> elements() {
    if (!isArray()) {
      throw error("expected an array, got " + describe());
    }
    JsonArray array = element.getAsJsonArray();
    List<ConfigNode> nodes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      nodes.add(new ConfigNode(source, path + "[" + i + "]", array.get(i), warnings));
    }
    return nodes;
  }

  /** The array at {@code key}, or an empty list when absent. */
  public List<ConfigNode> array(String key) {
    return get(key).map(ConfigNode::elements).orElse(List.of());
  }

  public List<String> stringArray(String key) {
    List<String> values = new ArrayList<>();
    for (ConfigNode node : array(key)) {
      values.add(node.asString());
    }
    return values;
  }

  /** An object whose values are all strings (non-string values are refused, not dropped). */
  public Map<String, String> asStringMap() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : object().entrySet()) {
      ConfigNode value = new ConfigNode(source, child(entry.getKey()), entry.getValue(), warnings);
      values.put(entry.getKey(), value.asString());
    }
    return values;
  }

  // ----- helpers -----

  private JsonObject object() {
    if (!isObject()) {
      throw error("expected an object, got " + describe());
    }
    return element.getAsJsonObject();
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String actualKey(JsonObject object, String key) {
    if (object.has(key)) {
      return key;
    }
    for (String candidate : object.keySet()) {
      if (candidate.equalsIgnoreCase(key)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean containsIgnoreCase(Set<String> keys, String lower) {
    for (String key : keys) {
      if (key.toLowerCase(Locale.ROOT).equals(lower)) {
        return true;
      }
    }
    return false;
  }

  /** A short description of the value, for "expected X, got Y" messages. */
  public String describe() {
    if (element == null || element.isJsonNull()) {
      return "null";
    }
    if (element.isJsonObject()) {
      return "an object";
    }
    if (element.isJsonArray()) {
      return "an array";
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    if (primitive.isString()) {
      return "\"" + primitive.getAsString() + "\"";
    }
    return primitive.toString();
  }

  @Override
  public String toString() {
    return source + ":" + path;
  }
}
