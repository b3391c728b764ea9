package dev.weft.dataplane.admin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * {@code /api/v1/get_loglevel} and {@code /api/v1/update_loglevel}, MOSN's body {@code {"log_path":
 * ..., "log_level": "DEBUG"}}.
 *
 * <p>MOSN's {@code log_path} names a log file; Weft logs through named loggers, so {@code log_path}
 * is a logger name ({@code dev.weft.dataplane.proxy}); absent, empty or {@code ROOT} means the root
 * logger. Levels are MOSN's: TRACE, DEBUG, INFO, WARN, ERROR and FATAL (which is ERROR here, slf4j
 * having no FATAL), in any case.
 */
final class LogLevelApi {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  private static final String LEVELS = "TRACE, DEBUG, INFO, WARN, ERROR, FATAL";

  private final LogLevels logLevels;

  LogLevelApi(LogLevels logLevels) {
    this.logLevels = logLevels;
  }

  /** {@code {"ROOT": "INFO", "dev.weft": "DEBUG"}}. */
  AdminResponse levels() {
    JsonObject json = new JsonObject();
    Map<String, Level> levels = new TreeMap<>(logLevels.levels());
    Level root = levels.remove(LogLevels.ROOT);
    if (root != null) {
      json.addProperty(LogLevels.ROOT, root.name());
    }
    levels.forEach((name, level) -> json.addProperty(name, level.name()));
    return AdminResponse.json(GSON.toJson(json));
  }

  AdminResponse update(AdminRequest request) {
    JsonObject body;
    try {
      JsonElement parsed = JsonParser.parseString(request.body());
      if (!parsed.isJsonObject()) {
        return badBody();
      }
      body = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      return badBody();
    }
    String levelText = string(body, "log_level");
    if (levelText == null) {
      return badBody();
    }
    Level level = parseLevel(levelText);
    if (level == null) {
      return AdminResponse.text(
          400, "unknown log_level '" + levelText + "': expected one of " + LEVELS);
    }
    String path = string(body, "log_path");
    String logger =
        path == null || path.isEmpty() || path.equalsIgnoreCase(LogLevels.ROOT)
            ? LogLevels.ROOT
            : path;
    try {
      logLevels.setLevel(logger, level);
    } catch (UnsupportedOperationException e) {
      return AdminResponse.text(501, e.getMessage());
    } catch (IllegalArgumentException e) {
      return AdminResponse.text(400, e.getMessage());
    }
    return AdminResponse.text(200, "update logger success: " + logger + " is " + level);
  }

  /** MOSN's level names, any case; FATAL maps to ERROR; null when unknown. */
  static Level parseLevel(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("FATAL")) {
      return Level.ERROR;
    }
    for (Level level : Level.values()) {
      if (level.name().equals(upper)) {
        return level;
      }
    }
    return null;
  }

  private static String string(JsonObject body, String key) {
    JsonElement value = body.get(key);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static AdminResponse badBody() {
    return AdminResponse.text(
        400, "expected a JSON body like {\"log_path\":\"ROOT\",\"log_level\":\"DEBUG\"}");
  }
}
