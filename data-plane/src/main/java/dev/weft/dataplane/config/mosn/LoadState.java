package dev.weft.dataplane.config.mosn;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.weft.dataplane.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What one load shares across the parsers: the vocabulary, the warnings so far, the names defined
 * and referenced (checked at the end), and Weft's strictness policy as helpers: unknown keys fail,
 * ignored keys warn, refused keys fail when set.
 */
final class LoadState {
  static final String NO_EFFECT = "Weft does not implement it, and it does not change forwarding";
  static final String LOGGING = "Weft logs through SLF4J; set the level with -Dweft.log.level";
  static final String HOT_UPGRADE = "Weft has no hot upgrade or connection hand-over";
  static final String OBSERVABILITY = "Weft does not implement it yet; forwarding is unchanged";

  final MosnVocabulary vocabulary;
  final CrossReferences references = new CrossReferences();
  private final List<String> warnings = new ArrayList<>();

  LoadState(MosnVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  void warn(ConfigNode node, String message) {
    warnings.add(node.source() + ": " + node.path() + ": " + message);
  }

  /** {@code document} with its warnings (including those filter parsers make) collected here. */
  ConfigNode collecting(ConfigNode document) {
    return document.withWarnings(warnings::add);
  }

  /**
   * Fails on an unknown key (listing {@code supported}); warns about each key of {@code ignored}
   * present, with its reason.
   */
  void checkKeys(ConfigNode node, Set<String> supported, Map<String, String> ignored) {
    for (String path : node.checkKeys(supported, ignored.keySet())) {
      String key = path.substring(node.path().isEmpty() ? 0 : node.path().length() + 1);
      String reason = ignored.getOrDefault(key.toLowerCase(Locale.ROOT), NO_EFFECT);
      warnings.add(node.source() + ": " + path + ": ignored: " + reason);
    }
  }

  /**
   * Fails when {@code key} is set to anything but an empty or false value: Weft cannot do what it
   * asks, and leaving it out would change how traffic is handled.
   */
  static void refuse(ConfigNode node, String key, String reason) {
    node.get(key)
        .filter(LoadState::isSet)
        .ifPresent(
            value -> {
              throw value.error("not supported by Weft: " + reason);
            });
  }

  /** Anything but null, false, 0, "", [] and {}. */
  static boolean isSet(ConfigNode node) {
    JsonElement json = node.json();
    if (node.isNull()) {
      return false;
    }
    if (json.isJsonObject()) {
      return !json.getAsJsonObject().isEmpty();
    }
    if (json.isJsonArray()) {
      return !json.getAsJsonArray().isEmpty();
    }
    JsonPrimitive primitive = json.getAsJsonPrimitive();
    if (primitive.isBoolean()) {
      return primitive.getAsBoolean();
    }
    if (primitive.isNumber()) {
      return primitive.getAsDouble() != 0;
    }
    return !primitive.getAsString().isEmpty();
  }

  /**
   * MOSN's metadata, {@code {"filter_metadata": {"mosn.lb": {"k": "v"}}}}. MOSN silently drops
   * values that are not strings; Weft refuses them.
   */
  Map<String, String> metadata(ConfigNode node) {
    checkKeys(node, Set.of("filter_metadata"), Map.of());
    Map<String, String> values = new LinkedHashMap<>();
    ConfigNode filterMetadata = node.get("filter_metadata").orElse(null);
    if (filterMetadata == null) {
      return values;
    }
    for (String namespace : filterMetadata.keys()) {
      ConfigNode entries = filterMetadata.require(namespace);
      if (!namespace.equals("mosn.lb")) {
        warn(entries, "ignored: only the \"mosn.lb\" namespace selects hosts, in MOSN as in Weft");
        continue;
      }
      for (String key : entries.keys()) {
        ConfigNode value = entries.require(key);
        if (!value.isString()) {
          throw value.error(
              "expected a string, got "
                  + value.describe()
                  + " (MOSN would drop this entry silently; quote the value)");
        }
        values.put(key, value.asString());
      }
    }
    return values;
  }

  /**
   * The JSON files in the directory {@code node} names ({@code router_configs}, {@code
   * clusters_configs}): one document per regular file, in name order. Relative paths are resolved
   * against the working directory, as MOSN does. Weft never writes to the directory.
   */
  static List<ConfigNode> directory(ConfigNode node) {
    String written = node.asString();
    if (written.isBlank()) {
      throw node.error("expected a directory path, got \"\"");
    }
    Path dir = Path.of(written);
    if (!Files.isDirectory(dir)) {
      throw node.error(
          Files.exists(dir) ? "\"" + written + "\" is not a directory" : "no such directory");
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(dir)) {
      files = entries.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw node.error("cannot list the directory: " + e.getMessage());
    }
    String prefix = written.endsWith("/") ? written : written + "/";
    List<ConfigNode> documents = new ArrayList<>();
    for (Path file : files) {
      String source = prefix + file.getFileName();
      documents.add(node.document(source, JsonFiles.read(file, source)));
    }
    return documents;
  }
}
